package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.fstore.definition.InvalidDefinitionException;
import io.fstore.runtime.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #7 point 14 probes: {{env:...}} placeholders in application.properties, resolved by ConfigFiles.load. */
class EnvPlaceholderProbeTest {

    @TempDir
    Path work;

    private Properties load(String... lines) throws Exception {
        Files.writeString(work.resolve("application.properties"), String.join("\n", lines) + "\n");
        return ConfigFiles.load(work);
    }

    @Test
    void an_unset_variable_without_default_names_the_property_and_the_variable() {
        assertThatThrownBy(() -> load("fstore.datasource.dw.password = {{env:FSTORE_PROBE_UNSET_A}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("fstore.datasource.dw.password").hasMessageContaining("FSTORE_PROBE_UNSET_A");
    }

    @Test
    void an_empty_default_is_an_empty_value() throws Exception {
        assertThat(load("fstore.datasource.dw.password = {{env:FSTORE_PROBE_UNSET_B:}}")
                .getProperty("fstore.datasource.dw.password")).isEmpty();
    }

    @Test
    void a_default_holding_colons_is_kept_whole() throws Exception {
        assertThat(load("fstore.datasource.dw.url = {{env:FSTORE_PROBE_UNSET_C:jdbc:postgresql://h:5432/db?user=a}}")
                .getProperty("fstore.datasource.dw.url")).isEqualTo("jdbc:postgresql://h:5432/db?user=a");
    }

    @Test
    void a_lower_case_name_reads_the_upper_case_variable_as_the_readme_says() throws Exception {
        assertThat(load("fstore.probe.home = {{env:home}}").getProperty("fstore.probe.home"))
                .isEqualTo(System.getenv("HOME"));
    }

    @Test
    void a_property_built_from_an_unset_variable_through_another_property_is_reported() {
        assertThatThrownBy(() -> load("fstore.probe.base = {{env:FSTORE_PROBE_UNSET_D}}",
                "fstore.datasource.dw.url = jdbc:postgresql://{{fstore.probe.base}}/db"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("FSTORE_PROBE_UNSET_D");
    }

    @Test
    void an_unset_variable_in_a_system_property_names_the_system_property() {
        System.setProperty("fstore.probe.sys", "{{env:FSTORE_PROBE_UNSET_E}}");
        try {
            assertThatThrownBy(() -> load("fstore.chunk-size = 10"))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("-Dfstore.probe.sys").hasMessageContaining("FSTORE_PROBE_UNSET_E");
        } finally {
            System.clearProperty("fstore.probe.sys");
        }
    }

    /**
     * A generated password that happens to contain "{{" is taken for a placeholder (fine: Camel's rules), but the
     * startup error then prints the password itself: issue #7.15 "mask secrets in every message".
     */
    @Test
    void a_password_that_is_not_a_valid_placeholder_is_not_printed_in_the_error() {
        assertThatThrownBy(() -> load("fstore.datasource.dw.password = S3cr{{et-Pw"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("fstore.datasource.dw.password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cr").doesNotContain("et-Pw"));
    }
}
