package io.fstore.serving.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureValue", description = "One feature of an entity: its latest value and when it happened.",
        example = "{\"type\": \"decimal\", \"status\": \"present\", \"value\": \"1520.50\", "
                + "\"event_timestamp\": \"2024-06-30T23:10:00Z\"}")
public record FeatureValue(
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"long", "double", "string", "bool",
                "timestamp", "decimal", "list<long>", "list<double>", "list<string>", "list<bool>", "vector"}, description = "The feature's declared type")
        String type,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"present", "missing"},
                description = "missing when no value was written or it is older than the group's ttl")
        String status,
        @Schema(requiredMode = RequiredMode.REQUIRED)
        AnyValue value,
        @JsonProperty("event_timestamp")
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, format = "date-time",
                description = "Event time of the value (ISO-8601, UTC); null when missing")
        String eventTimestamp) {
}
