package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

class HealthTextTest {

    /** What PostgreSQL says about a missing table: quotes and a line break. */
    private static final String ERROR = "ERROR: relation \"orders\" does not exist\n  Position: 15";

    /**
     * A check's message and one detail as Camel 4.17's management server writes them (ManagementHttpServer: the
     * message through Jsoner.escape into a JsonObject, details as they are), parsed back by a client.
     */
    private static JsonNode servedAndParsed(String message, String detail) throws Exception {
        JsonObject check = new JsonObject();
        check.put("message", Jsoner.escape(message));
        JsonObject data = new JsonObject();
        data.put("error", detail);
        check.put("data", data);
        return new ObjectMapper().readTree(check.toJson());
    }

    @Test
    void a_one_line_message_reads_back_as_written_and_the_detail_keeps_the_full_text() throws Exception {
        String message = HealthText.oneLine("PSQLException: " + ERROR);

        JsonNode parsed = servedAndParsed(message, ERROR);

        assertThat(message).isEqualTo("PSQLException: ERROR: relation 'orders' does not exist Position: 15");
        assertThat(parsed.path("message").asText()).isEqualTo(message);
        assertThat(parsed.path("data").path("error").asText()).isEqualTo(ERROR);
    }

    @Test
    void camel_escapes_a_raw_message_twice_which_is_why_messages_are_made_one_line() throws Exception {
        assertThat(servedAndParsed(ERROR, "").path("message").asText())
                .isEqualTo("ERROR: relation \\\"orders\\\" does not exist\\n  Position: 15");
    }

    @Test
    void runs_of_line_breaks_tabs_and_control_characters_become_one_space() {
        assertThat(HealthText.oneLine("a\r\n\tb\u0001c \u2028 d  e\n")).isEqualTo("a b c d  e");
        assertThat(HealthText.oneLine("connection:warehouse 2s")).isEqualTo("connection:warehouse 2s");
        assertThat(HealthText.oneLine(null)).isEmpty();
    }
}
