package io.fstore.serving.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "RunStarted", description = "A run the request started; it goes on after the answer. GET "
        + "/groups/{group} lists it under runs (with this runId) once it ended.",
        example = "{\"group\": \"customer_metrics\", \"runId\": \"3F2A1B0C9D8E7F6-0000000000000001\", "
                + "\"status\": \"started\"}")
public record RunStarted(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer_metrics")
        String group,
        @Schema(requiredMode = RequiredMode.REQUIRED)
        String runId,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"started"})
        String status) {
}
