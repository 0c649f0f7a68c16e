package io.fstore.serving.openapi;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "OnlineFeaturesResponse", description = "The answer in columns (Feast's layout): the first column "
        + "holds the requested ids, then one column per requested feature, in request order.",
        example = "{\"metadata\": {\"feature_names\": [\"customer_id\", \"customer_metrics:orders\"]}, "
                + "\"results\": [{\"values\": [\"c00001\", \"nobody\"]}, {\"type\": \"long\", "
                + "\"values\": [12, null], \"statuses\": [\"present\", \"missing\"], "
                + "\"event_timestamps\": [\"2024-06-30T23:10:00Z\", null]}]}")
public record OnlineFeaturesResponse(
        @Schema(requiredMode = RequiredMode.REQUIRED)
        FeatureNames metadata,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The ids column, then one column per feature")
        List<FeatureColumn> results) {
}
