package io.fstore.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerErrorsTest {

    private final ServerErrors errors = new ServerErrors(() -> Set.of(
            new HttpEndpointModel("/features/online", "POST"),
            new HttpEndpointModel("/features/{group}", "GET"),
            new HttpEndpointModel("/features/{group}/{entityId}", "GET"),
            new HttpEndpointModel("/openapi.json", "GET")), 1024L);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/features/online|GET, POST",
        "/features/spend|GET",
        "/features/spend/c1|GET",
        "/openapi.json|GET",
        "/openapi.yaml|''",
        "/features/spend/c1/x|''",
        "/features/|''",
    })
    void allow_lists_the_methods_of_every_path_template_the_path_matches(String path, String allow) {
        assertThat(errors.allowedMethods(path)).isEqualTo(allow);
    }

    @Test
    void a_template_parameter_matches_one_segment_and_the_rest_literally() {
        assertThat(ServerErrors.matches("/features/{group}", "/features/a.b")).isTrue();
        assertThat(ServerErrors.matches("/openapi.json", "/openapiXjson")).isFalse();
        assertThat(ServerErrors.matches("/features/{group}", "/features/a/b")).isFalse();
    }

    @Test
    void an_error_answer_is_json_with_error_detail_and_field() throws Exception {
        String json = new ErrorAnswer(404, "not_found", "No \"such\" path", null).json();

        assertThat(new ObjectMapper().readTree(json).toString())
                .isEqualTo("{\"error\":\"not_found\",\"detail\":\"No \\\"such\\\" path\",\"field\":null}");
    }

    @Test
    void text_from_a_request_cannot_break_a_log_line() {
        assertThat(ErrorAnswer.printable("/x\r\nERROR fake line\u0000")).isEqualTo("/x??ERROR fake line?");
        assertThat(ErrorAnswer.printable("y".repeat(600))).hasSize(503).endsWith("...");
    }
}
