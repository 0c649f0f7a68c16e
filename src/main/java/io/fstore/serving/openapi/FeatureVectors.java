package io.fstore.serving.openapi;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureVectors", description = "Several entities of one group, in the order asked for.")
public record FeatureVectors(
        @JsonProperty("feature_group") @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer_metrics")
        String featureGroup,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "One vector per requested id, in order; an "
                + "unknown id has status missing")
        List<FeatureVector> results) {
}
