package io.fstore.serving.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "FeatureDefinition", description = "A feature of a group as its definition declares it.",
        example = "{\"name\": \"embedding\", \"type\": \"vector\", \"dimension\": 768}")
public record FeatureDefinition(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "orders")
        String name,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"long", "double", "string", "bool",
                "timestamp", "decimal", "list<long>", "list<double>", "list<string>", "list<bool>", "vector"})
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(minimum = "1", example = "768", description = "The number of floats of a vector feature; absent for "
                + "other types")
        Integer dimension) {
}
