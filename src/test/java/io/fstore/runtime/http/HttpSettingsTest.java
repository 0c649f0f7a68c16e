package io.fstore.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import io.fstore.definition.InvalidDefinitionException;
import io.fstore.runtime.FStoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** fstore.http.* and camel.server.port as FStoreSettings reads and validates them. */
class HttpSettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_apply_when_nothing_is_set() {
        HttpSettings http = FStoreSettings.from(props(), "application.properties").http();

        assertThat(http).isEqualTo(new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 65_536));
        assertThat(http).isEqualTo(HttpSettings.defaults());
    }

    @Test
    void configured_limits_are_read() {
        HttpSettings http = FStoreSettings.from(props("fstore.http.header-timeout", "2s",
                "fstore.http.body-timeout", "5m", "fstore.http.idle-timeout", "1h",
                "fstore.http.max-request-line", "4096", "camel.server.port", "65535"), "f").http();

        assertThat(http).isEqualTo(new HttpSettings(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(1),
                4096));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "fstore.http.header-timeout|10|field 'fstore.http.header-timeout': is '10'; expected a duration from 1s to 10m",
        "fstore.http.header-timeout|0s|field 'fstore.http.header-timeout': is '0s'; expected a duration from 1s to 10m",
        "fstore.http.header-timeout|11m|field 'fstore.http.header-timeout': is '11m'; expected a duration from 1s to 10m",
        "fstore.http.body-timeout|soon|field 'fstore.http.body-timeout': is 'soon'; expected a duration from 1s to 1h",
        "fstore.http.idle-timeout|2h|field 'fstore.http.idle-timeout': is '2h'; expected a duration from 1s to 1h",
        "fstore.http.max-request-line|1024|field 'fstore.http.max-request-line': is '1024'; expected a whole number from 4096 to 1048576",
        "fstore.http.max-request-line|64k|field 'fstore.http.max-request-line': is '64k'; expected a whole number from 4096 to 1048576",
        "fstore.http.timeout|5s|field 'fstore.http.timeout': unknown property",
    })
    void a_bad_limit_is_refused_naming_the_property(String key, String value, String message) {
        assertThatThrownBy(() -> FStoreSettings.from(props(key, value), "application.properties"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("application.properties: " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x", "80x", "1s", "-1", "0", "65536", "70000", "8080.5", "", "123456"})
    void a_port_that_is_not_a_port_number_is_refused_naming_camel_server_port(String port) {
        assertThatThrownBy(() -> FStoreSettings.from(props("camel.server.port", port), "application.properties"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("application.properties: field 'camel.server.port': is '" + port
                        + "'; expected a port number from 1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "8080", "65535"})
    void a_port_number_is_accepted(String port) {
        assertThat(FStoreSettings.from(props("camel.server.port", port), "f").http()).isEqualTo(HttpSettings.defaults());
    }
}
