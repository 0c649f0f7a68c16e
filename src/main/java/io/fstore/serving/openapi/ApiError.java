package io.fstore.serving.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "ApiError", description = "Every error answer of the API (status 4xx or 5xx).",
        example = "{\"error\": \"group_not_found\", \"detail\": \"no feature group named 'customer'; known groups: "
                + "customer_metrics, customer_last_order\", \"field\": \"group\"}")
public record ApiError(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "group_not_found", description = "A short code: "
                + "400 invalid_json, invalid_body, unknown_field, invalid_entities, not_a_list, not_a_string, "
                + "missing_body, missing_entities, missing_features, missing_parameter, bad_feature_reference, "
                + "mixed_entities, wrong_entity_key, control_character, invalid_parameter, bad_request; "
                + "404 group_not_found, feature_not_found, entity_not_found, not_found; 405 method_not_allowed; "
                + "406 not_acceptable; 408 request_timeout; 409 run_in_progress; 413 request_too_large, "
                + "too_many_entities, too_many_values; 414 uri_too_long; 415 unsupported_media_type; "
                + "431 headers_too_large; 500 internal_error; 503 warming_up, timeout")
        String error,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "What is wrong and how to fix it, for people; "
                + "a 500 names the error id under which the server log has the cause")
        String detail,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "group", description = "The part "
                + "of the request that is wrong: a path or query parameter (group, entityId, entity_id, the group's "
                + "entity key or runs), a place in the body (body, entities, entities.customer_id[3], features[0]), "
                + "the method, path or a header (method, path, Accept, Content-Type), or null when it is no part in "
                + "particular")
        String field) {
}
