package io.fstore.serving.openapi;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "GroupList", description = "Every feature group FStore runs, sorted by name.")
public record GroupList(
        @Schema(requiredMode = RequiredMode.REQUIRED)
        List<GroupSummary> groups) {
}
