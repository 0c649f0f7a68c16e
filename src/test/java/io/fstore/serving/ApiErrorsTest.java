package io.fstore.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private final ObjectMapper json = new ObjectMapper();

    private Exchange failed(Throwable failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "/features/spend?customer_id=c1%0d%0a");
        exchange.getMessage().setHeader("Set-Cookie", "session=evil"); // a query parameter, as platform-http maps it
        exchange.getMessage().setHeader("customer_id", "c1\r\n");
        exchange.getMessage().setBody("{\"request\": true}");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }

    @Test
    void a_refusal_answers_its_status_and_json_and_no_header_of_the_request() throws Exception {
        Exchange exchange = failed(new ApiException(503, "warming_up", "group", "loading 'spend'", 5));

        new ApiErrors().process(exchange);

        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(Exchange.CONTENT_TYPE, "Retry-After",
                Exchange.HTTP_RESPONSE_CODE);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(exchange.getMessage().getHeader("Retry-After")).isEqualTo("5");
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(new String(exchange.getMessage().getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"warming_up\",\"detail\":\"loading 'spend'\",\"field\":\"group\"}");
    }

    @Test
    void an_unexpected_failure_answers_500_with_an_error_id_logged_once_with_its_cause() throws Exception {
        Exchange exchange = failed(new IllegalStateException("db password=hunter2\nline two",
                new java.io.IOException("connection reset")));
        JsonNode answer;
        try (CapturedLogs logs = new CapturedLogs()) {
            new ApiErrors().process(exchange);
            answer = json.readTree(exchange.getMessage().getBody(byte[].class));
            Matcher id = Pattern.compile("error id ([0-9a-f-]{36})").matcher(answer.get("detail").asText());
            assertThat(id.find()).isTrue();
            var errors = logs.lines().stream().filter(l -> l.level() == Level.ERROR).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).text()).isEqualTo("GET /features/spend?customer_id=c1%0d%0a failed, error id "
                    + id.group(1) + ": java.lang.IllegalStateException: db password=hunter2\\nline two; caused by "
                    + "java.io.IOException: connection reset");
        }
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(answer.get("error").asText()).isEqualTo("internal_error");
        assertThat(answer.get("field").isNull()).isTrue();
        assertThat(answer.toString()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(Exchange.CONTENT_TYPE,
                Exchange.HTTP_RESPONSE_CODE);
    }
}
