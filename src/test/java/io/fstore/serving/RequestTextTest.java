package io.fstore.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "customer_id=c1%0d%0a|customer_id|000D|2",
        "a=1&b=%00|b|0000|0",
        "x=ok&debug=%7F|debug|007F|0",
        "ids=c1,c2%1B|ids|001B|5",
        "na%0Ame=1|na\\nme|000A|2",
        "a%zz%0A=1|a%zz%0A|000A|4",
    })
    void a_query_value_or_name_decoding_to_a_control_character_is_refused_naming_the_parameter(
            String query, String field, String code, int index) {
        assertThatThrownBy(() -> RequestText.requirePrintableQuery(query))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("control_character");
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains("U+" + code + " at index " + index);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer_id=c1,c2", "entity_id=a%20b&x=%C3%A9%2C", "q=%", "q=%2", "q=%zz", "", "a&&b"})
    void printable_queries_pass(String query) {
        assertThatCode(() -> RequestText.requirePrintableQuery(query)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1\r\nSet-Cookie: x", "c1\u0000", "\u007f", "tab\there"})
    void a_value_with_a_control_character_is_refused(String value) {
        assertThatThrownBy(() -> RequestText.requirePrintable(value, "entityId"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("entityId"));
    }

    @org.junit.jupiter.api.Test
    void log_text_is_one_escaped_shortened_line() {
        assertThat(RequestText.forLog("GET /x?a=1\r\nX-Evil: 1\u0000\\")).isEqualTo("GET /x?a=1\\r\\nX-Evil: 1\\u0000\\\\");
        assertThat(RequestText.forLog("é ünïcode")).isEqualTo("é ünïcode");
        assertThat(RequestText.forLog("x".repeat(1000))).hasSizeLessThan(330).endsWith("(1000 characters)");
    }
}
