package io.fstore.serving.openapi;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureVector", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
        description = "One entity's features in one group. Besides the properties below it has one more: the "
                + "group's entity key (e.g. customer_id), whose value is the requested id.",
        example = "{\"feature_group\": \"customer_metrics\", \"customer_id\": \"c00001\", \"status\": \"present\", "
                + "\"features\": {\"orders\": {\"type\": \"long\", \"status\": \"present\", \"value\": 12, "
                + "\"event_timestamp\": \"2024-06-30T23:10:00Z\"}}}")
public record FeatureVector(
        @JsonProperty("feature_group") @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer_metrics")
        String featureGroup,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"present", "missing"},
                description = "missing when none of the entity's features has a value")
        String status,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Every feature of the group, by name")
        Map<String, FeatureValue> features) {
}
