package io.fstore.serving.openapi;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureNames", description = "The names of the answer's columns.")
public record FeatureNames(
        @JsonProperty("feature_names")
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The entity key, then the feature references "
                + "as requested")
        List<String> featureNames) {
}
