package io.fstore.serving.openapi;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "OnlineFeaturesRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "Many entities x features of one or more groups keyed by the same entity. At most "
                + "fstore.api.max-entities ids, at most fstore.api.max-values-per-request ids x features, at most "
                + "fstore.api.max-request-bytes bytes; ids and references are printable text (no control "
                + "characters).",
        example = "{\"entities\": {\"customer_id\": [\"c00001\", \"c00002\"]}, "
                + "\"features\": [\"customer_metrics:orders\", \"customer_last_order:last_order_amount\"]}")
public record OnlineFeaturesRequest(
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Exactly one property: the entity key of the "
                + "requested groups (e.g. customer_id), with the ids to look up")
        Map<String, List<String>> entities,
        @ArraySchema(minItems = 1, schema = @Schema(example = "customer_metrics:orders",
                description = "\"<group>:<feature>\"; the answer has one column per reference, in this order"))
        @Schema(requiredMode = RequiredMode.REQUIRED)
        List<String> features) {
}
