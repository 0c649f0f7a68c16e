package io.fstore.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.InvalidDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** application.properties placeholders resolve as Camel resolves them: {@code {{env:NAME}}} fails when NAME is unset. */
class ConfigFilesTest {

    private static final String UNSET = "FSTORE_TEST_SURELY_UNSET_VARIABLE";

    private static Properties load(Path dir, String properties) throws Exception {
        Files.writeString(dir.resolve(ConfigFiles.FILE), properties);
        return ConfigFiles.load(dir);
    }

    private static InvalidDefinitionException failure(Path dir, String properties) throws Exception {
        Files.writeString(dir.resolve(ConfigFiles.FILE), properties);
        try {
            ConfigFiles.load(dir);
        } catch (InvalidDefinitionException e) {
            return e;
        }
        throw new AssertionError("the properties were accepted");
    }

    @Test
    void an_unset_env_variable_without_default_fails_naming_the_property_and_the_variable(@TempDir Path dir)
            throws Exception {
        InvalidDefinitionException e = failure(dir, "fstore.datasource.prod.url = jdbc:postgresql://db/prod\n"
                + "fstore.datasource.prod.password = {{env:" + UNSET + "}}\n");

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo(dir.resolve(ConfigFiles.FILE).toString());
            assertThat(error.field()).isEqualTo("fstore.datasource.prod.password");
            assertThat(error.problem()).isEqualTo("reads the environment variable " + UNSET + ", which is not set");
            assertThat(error.expected()).isEqualTo("set " + UNSET + ", or give a default after a colon: {{env:"
                    + UNSET + ":default}}");
        });
    }

    @Test
    void every_unset_variable_is_reported_at_once(@TempDir Path dir) throws Exception {
        InvalidDefinitionException e = failure(dir, "fstore.datasource.a.password = {{env:" + UNSET + "_A}}\n"
                + "fstore.datasource.b.password = {{env:" + UNSET + "_B}}\n");

        assertThat(e.errors()).extracting(DefinitionError::field)
                .containsExactlyInAnyOrder("fstore.datasource.a.password", "fstore.datasource.b.password");
    }

    @Test
    void a_default_after_the_first_colon_applies_when_the_variable_is_unset(@TempDir Path dir) throws Exception {
        Properties p = load(dir, "fstore.datasource.dw.url = {{env:" + UNSET + ":jdbc:h2:mem:dw}}\n"
                + "fstore.datasource.dw.password = {{env:" + UNSET + ":}}\n");

        assertThat(p.getProperty("fstore.datasource.dw.url")).isEqualTo("jdbc:h2:mem:dw");
        assertThat(p.getProperty("fstore.datasource.dw.password")).isEmpty();
    }

    @Test
    void variable_names_are_looked_up_upper_cased_as_camel_does(@TempDir Path dir) throws Exception {
        Properties p = load(dir, "fstore.data-dir = {{env:path}}/x\n");

        assertThat(p.getProperty("fstore.data-dir")).isEqualTo(System.getenv("PATH") + "/x");
    }

    @Test
    void a_property_may_refer_to_another_property(@TempDir Path dir) throws Exception {
        Properties p = load(dir, "warehouse.host = db.example.com\n"
                + "fstore.datasource.dw.url = jdbc:postgresql://{{warehouse.host}}:5432/dw\n");

        assertThat(p.getProperty("fstore.datasource.dw.url")).isEqualTo("jdbc:postgresql://db.example.com:5432/dw");
    }

    @Test
    void a_reference_to_a_missing_property_names_the_property_and_hides_passwords(@TempDir Path dir)
            throws Exception {
        InvalidDefinitionException e = failure(dir,
                "fstore.datasource.dw.url = jdbc:postgresql://{{no.such.host}}/dw?password=Sup3rSecret\n");

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("fstore.datasource.dw.url");
            assertThat(error.problem()).contains("no.such.host");
        });
        assertThat(e.getMessage()).doesNotContain("Sup3rSecret");
    }

    @Test
    void values_without_placeholders_are_kept_as_written(@TempDir Path dir) throws Exception {
        Properties p = load(dir, "fstore.chunk-size = 500 \ncamel.main.name = a{b}c\n");

        assertThat(p.getProperty("fstore.chunk-size")).isEqualTo("500");
        assertThat(p.getProperty("camel.main.name")).isEqualTo("a{b}c");
    }

    @Test
    void the_packaged_file_is_not_blamed_for_a_local_error(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> load(dir, "camel.server.port = {{env:" + UNSET + "}}\n"))
                .hasMessageContaining(dir.resolve(ConfigFiles.FILE) + ": field 'camel.server.port': reads the "
                        + "environment variable " + UNSET);
    }
}
