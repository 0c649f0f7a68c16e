package io.fstore.serving.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureDefinition", description = "A feature of a group as its definition declares it.",
        example = "{\"name\": \"orders\", \"type\": \"long\"}")
public record FeatureDefinition(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "orders")
        String name,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"long", "double", "string", "bool",
                "timestamp", "decimal"})
        String type) {
}
