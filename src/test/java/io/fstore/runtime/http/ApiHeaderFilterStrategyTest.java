package io.fstore.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiHeaderFilterStrategyTest {

    private final ApiHeaderFilterStrategy strategy = new ApiHeaderFilterStrategy();

    @ParameterizedTest
    @ValueSource(strings = {"Retry-After", "retry-after", "RETRY-AFTER", "Allow", "allow", "Content-Security-Policy"})
    void only_retry_after_and_allow_become_response_headers_and_never_come_from_a_request(String name) {
        assertThat(strategy.applyFilterToCamelHeaders(name, "5", null)).as("dropped on the way out").isFalse();
        assertThat(strategy.applyFilterToExternalHeaders(name, "evil", null)).as("dropped on the way in").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Set-Cookie", "set-cookie", "Access-Control-Allow-Origin", "Location", "X-Evil",
        "Content-Disposition", "Refresh", "Link", "Strict-Transport-Security", "Cache-Control", "customer_id",
        "entity_id", "group", "entityId", "CamelHttpResponseCode", "Content-Length", "Transfer-Encoding"})
    void every_other_message_header_stays_out_of_the_response(String name) {
        assertThat(strategy.applyFilterToCamelHeaders(name, "evil", null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer_id", "entity_id", "product_id", "note"})
    void query_parameters_the_api_reads_still_reach_the_routes(String name) {
        assertThat(strategy.applyFilterToExternalHeaders(name, "c1,c2", null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CamelHttpResponseCode", "camelHttpPath", "CamelHttpUri"})
    void camel_s_own_headers_cannot_be_set_from_a_request(String name) {
        assertThat(strategy.applyFilterToExternalHeaders(name, "200", null)).isTrue();
    }
}
