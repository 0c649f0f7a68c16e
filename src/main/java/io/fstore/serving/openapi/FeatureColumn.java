package io.fstore.serving.openapi;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureColumn", description = "One column of the answer, one entry per requested id. The first "
        + "column (the ids) has values only.")
public record FeatureColumn(
        @Schema(allowableValues = {"long", "double", "string", "bool", "timestamp", "decimal", "list<long>",
            "list<double>", "list<string>", "list<bool>", "vector"}, description = "The feature's declared type")
        String type,
        @Schema(requiredMode = RequiredMode.REQUIRED)
        List<AnyValue> values,
        @ArraySchema(schema = @Schema(allowableValues = {"present", "missing"}))
        List<String> statuses,
        @JsonProperty("event_timestamps")
        @ArraySchema(schema = @Schema(nullable = true, format = "date-time",
                description = "Event time (ISO-8601, UTC); null when missing"))
        List<String> eventTimestamps) {
}
