package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.InvalidDefinitionException;
import io.fstore.runtime.FStoreSettings;
import org.junit.jupiter.api.Test;

/** Review probes of issue #10: fstore.progress.* at startup. */
class ProgressSettingsProbeTest {

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static InvalidDefinitionException invalid(Properties p) {
        try {
            FStoreSettings.from(p, "application.properties");
        } catch (InvalidDefinitionException e) {
            return e;
        }
        throw new AssertionError("accepted: " + p);
    }

    @Test
    void every_bad_progress_value_stops_startup_naming_the_property_and_the_value() {
        for (String bad : new String[] {"-1", "1e6", "1_000", "ten", "", "3000000000"}) {
            InvalidDefinitionException e = invalid(props("fstore.progress.rows", bad));
            assertThat(e.errors()).extracting(DefinitionError::field).containsExactly("fstore.progress.rows");
            assertThat(e.getMessage()).contains("fstore.progress.rows").contains("is '" + bad + "'");
        }
        for (String bad : new String[] {"30", "-30s", "2d", "PT30S", "half a minute", ""}) {
            InvalidDefinitionException e = invalid(props("fstore.progress.interval", bad));
            assertThat(e.errors()).extracting(DefinitionError::field).containsExactly("fstore.progress.interval");
            assertThat(e.getMessage()).contains("fstore.progress.interval").contains("is '" + bad + "'");
        }
    }

    @Test
    void good_progress_values_are_read() {
        assertThat(FStoreSettings.from(props("fstore.progress.rows", " 250000 "), "f").progressRows()).isEqualTo(250_000);
        assertThat(FStoreSettings.from(props("fstore.progress.rows", "0"), "f").progressRows()).isZero();
        assertThat(FStoreSettings.from(props("fstore.progress.interval", "5m"), "f").progressInterval())
                .isEqualTo(Duration.ofMinutes(5));
    }

    /**
     * ProgressLog documents "0: never by time" and application.properties "0: never by rows", but the interval accepts
     * no 0: a user cannot have row-based lines only, nor turn progress lines off.
     */
    @Test
    void an_interval_of_zero_turns_time_based_progress_lines_off_as_progress_log_documents() {
        assertThat(FStoreSettings.from(props("fstore.progress.interval", "0s"), "f").progressInterval())
                .isEqualTo(Duration.ZERO);
    }
}
