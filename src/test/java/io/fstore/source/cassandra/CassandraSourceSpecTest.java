package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.DefinitionLoader;
import io.fstore.model.FeatureGroup;
import org.junit.jupiter.api.Test;

/** The cassandra keys of a definition: what is read, and every bad case with file, line, field and a hint. */
class CassandraSourceSpecTest {

    private final DefinitionLoader loader = new DefinitionLoader(Map.of("events", "cassandra"));

    private static String group(String sourceLines) {
        return "name: clicks\n"
                + "entity: { name: user, key: user_id }\n"
                + "source:\n"
                + "  kind: cassandra\n"
                + "  connection: events\n"
                + sourceLines
                + "  timestamp: ts\n"
                + "schedule: \"0 0 * * * ?\"\n"
                + "features:\n"
                + "  - { name: clicks, type: long }\n";
    }

    private Optional<FeatureGroup> parse(String text, List<DefinitionError> errors) {
        return loader.parse("features/clicks.yaml", text, errors);
    }

    private List<DefinitionError> errorsOf(String sourceLines) {
        List<DefinitionError> errors = new ArrayList<>();
        assertThat(parse(group(sourceLines), errors)).isEmpty();
        return errors;
    }

    @Test
    void a_query_with_bind_values_and_a_fetch_size_is_read() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = parse(group("  query: SELECT user_id, clicks, ts FROM ks.clicks WHERE day = ? AND k = ?;\n"
                + "  bind: [\"2024-03-01\", 7]\n  fetch_size: 250\n"), errors).orElseThrow();

        assertThat(errors).isEmpty();
        CassandraSourceSpec spec = (CassandraSourceSpec) g.source().settings();
        assertThat(spec.query()).isEqualTo("SELECT user_id, clicks, ts FROM ks.clicks WHERE day = ? AND k = ?");
        assertThat(spec.bind()).containsExactly("2024-03-01", 7);
        assertThat(spec.fetchSize()).hasValue(250);
    }

    @Test
    void without_bind_and_fetch_size_the_query_has_no_markers_and_the_default_page() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = parse(group("  query: SELECT user_id, clicks, ts FROM ks.clicks WHERE note = '?'\n"), errors)
                .orElseThrow();

        CassandraSourceSpec spec = (CassandraSourceSpec) g.source().settings();
        assertThat(spec.bind()).isEmpty();
        assertThat(spec.fetchSize()).isEmpty();
    }

    @Test
    void a_missing_query_names_the_field_and_what_to_write() {
        assertThat(errorsOf("")).anySatisfy(e -> {
            assertThat(e.file()).isEqualTo("features/clicks.yaml");
            assertThat(e.field()).isEqualTo("source.query");
            assertThat(e.problem()).isEqualTo("is missing");
            assertThat(e.expected()).contains("SELECT");
        });
    }

    @Test
    void a_statement_that_writes_is_refused() {
        assertThat(errorsOf("  query: DELETE FROM ks.clicks WHERE day = '2024-03-01'\n")).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.query");
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.problem()).isEqualTo("is not a SELECT");
                });
    }

    @Test
    void bind_values_must_match_the_markers_of_the_query() {
        assertThat(errorsOf("  query: SELECT * FROM ks.clicks WHERE day = ? AND k = :k\n  bind: [1]\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.bind");
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.problem()).isEqualTo("gives 1 value(s) for the 2 bind marker(s) (? or :name) of "
                            + "the query");
                });
    }

    @Test
    void markers_without_bind_are_refused() {
        assertThat(errorsOf("  query: SELECT * FROM ks.clicks WHERE day = ?\n")).singleElement()
                .satisfies(e -> assertThat(e.problem()).startsWith("gives 0 value(s) for the 1 bind marker(s)"));
    }

    @Test
    void bind_must_be_a_list_of_single_values() {
        assertThat(errorsOf("  query: SELECT * FROM ks.clicks WHERE day = ?\n  bind: 3\n")).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.bind");
                    assertThat(e.expected()).startsWith("a list with one value per ?");
                });
        assertThat(errorsOf("  query: SELECT * FROM ks.clicks WHERE day = ?\n  bind: [{a: 1}]\n")).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.bind[0]");
                    assertThat(e.problem()).isEqualTo("is a mapping");
                });
    }

    @Test
    void a_fetch_size_out_of_range_is_refused() {
        assertThat(errorsOf("  query: SELECT * FROM ks.clicks\n  fetch_size: 0\n")).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.fetch_size");
                    assertThat(e.expected()).isEqualTo("a whole number from 1 to 100000");
                });
    }

    @Test
    void keys_of_other_kinds_are_unknown() {
        assertThat(errorsOf("  query: SELECT * FROM ks.clicks\n  collection: clicks\n"))
                .anySatisfy(e -> {
                    assertThat(e.field()).isEqualTo("source.collection");
                    assertThat(e.problem()).isEqualTo("unknown key");
                    assertThat(e.expected()).contains("bind", "fetch_size", "query");
                });
    }
}
