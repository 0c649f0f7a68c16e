package io.fstore.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fstore.model.FeatureGroup;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {

    private static final String VALID = """
            name: customer_metrics
            description: Purchase behaviour per customer
            entity: { name: customer, key: customer_id }
            source:
              kind: jdbc
              datasource: warehouse
              query: |
                SELECT customer_id, SUM(amount) AS lifetime_value, COUNT(*) AS orders, MAX(created_at) AS ts
                FROM orders GROUP BY customer_id;
              timestamp: ts
              incremental: { column: ts }
            schedule: "0 */5 * * * ?"
            ttl: 30d
            features:
              - { name: lifetime_value, type: double }
              - { name: orders, type: long }
              - { name: balance, type: decimal, precision: 12, scale: 4 }
            """;

    private final DefinitionLoader loader = new DefinitionLoader(Set.of("warehouse"));

    private List<DefinitionError> errorsOf(String yaml) {
        List<DefinitionError> errors = new ArrayList<>();
        Optional<FeatureGroup> group = loader.parse("features/g.yaml", yaml, errors);
        assertThat(group).as("an invalid definition yields no group").isEmpty();
        return errors;
    }

    @Test
    void a_valid_definition_becomes_a_feature_group() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("features/g.yaml", VALID, errors).orElseThrow();

        assertThat(errors).isEmpty();
        assertThat(g.name()).isEqualTo("customer_metrics");
        assertThat(g.entity().key()).isEqualTo("customer_id");
        assertThat(g.source().query()).endsWith("GROUP BY customer_id").doesNotEndWith(";");
        assertThat(g.source().timestampColumn()).isEqualTo("ts");
        assertThat(g.source().incrementalColumn()).contains("ts");
        assertThat(g.trigger()).isEqualTo(new Trigger.Cron("0 */5 * * * ?"));
        assertThat(g.ttl()).isEqualTo(Duration.ofDays(30));
        assertThat(g.features()).extracting(f -> f.type()).containsExactly(ValueType.DOUBLE, ValueType.LONG,
                ValueType.DECIMAL);
        assertThat(g.features().get(2).precision()).isEqualTo(12);
        assertThat(g.features().get(2).scale()).isEqualTo(4);
    }

    @Test
    void update_frequency_is_an_alternative_to_a_cron_schedule() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("g.yaml", VALID.replace("schedule: \"0 */5 * * * ?\"", "update_frequency: 1h"),
                errors).orElseThrow();

        assertThat(g.trigger()).isEqualTo(new Trigger.Every(Duration.ofHours(1)));
        assertThat(g.trigger().endpointUri("g")).isEqualTo("timer:fstore-g?period=3600000&delay=3600000");
    }

    @Test
    void unknown_key_names_file_line_field_and_the_allowed_keys() {
        List<DefinitionError> errors = errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nschedual: daily"));

        assertThat(errors).singleElement().hasToString("features/g.yaml:14: field 'schedual': unknown key; expected "
                + "one of description, entity, features, name, owner, run_on_start, schedule, source, tags, ttl, "
                + "update_frequency");
    }

    @Test
    void unknown_key_inside_a_nested_mapping_names_the_dotted_path() {
        List<DefinitionError> errors = errorsOf(VALID.replace("  timestamp: ts", "  timestamp: ts\n  tabel: x"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.tabel");
            assertThat(e.line()).isEqualTo(11);
        });
    }

    @Test
    void missing_fields_are_all_reported() {
        List<DefinitionError> errors = errorsOf("name: g\nschedule: \"0 * * * * ?\"\n");

        assertThat(errors).extracting(DefinitionError::field).containsExactlyInAnyOrder("entity", "source", "features");
        assertThat(errors).allSatisfy(e -> assertThat(e.problem()).isEqualTo("is missing"));
    }

    @Test
    void bad_cron_says_what_a_quartz_cron_looks_like() {
        List<DefinitionError> errors = errorsOf(VALID.replace("\"0 */5 * * * ?\"", "\"every 5 minutes\""));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("schedule");
            assertThat(e.line()).isEqualTo(12);
            assertThat(e.expected()).contains("seconds minutes hours");
        });
    }

    @Test
    void unknown_datasource_lists_the_configured_ones() {
        List<DefinitionError> errors = errorsOf(VALID.replace("datasource: warehouse", "datasource: lake"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.datasource");
            assertThat(e.problem()).isEqualTo("unknown datasource 'lake'");
            assertThat(e.expected()).contains("warehouse").contains("fstore.datasource.<name>.url");
            assertThat(e.line()).isEqualTo(6);
        });
    }

    @Test
    void unknown_type_lists_the_supported_types() {
        List<DefinitionError> errors = errorsOf(VALID.replace("type: long", "type: int64"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("features[1].type");
            assertThat(e.expected()).isEqualTo("one of long, double, string, bool, timestamp, decimal");
            assertThat(e.line()).isEqualTo(16);
        });
    }

    @Test
    void duplicate_feature_names_are_rejected() {
        List<DefinitionError> errors = errorsOf(VALID.replace("name: orders", "name: lifetime_value"));

        assertThat(errors).singleElement().extracting(DefinitionError::problem)
                .isEqualTo("feature 'lifetime_value' is declared twice");
    }

    @Test
    void reserved_and_invalid_names_are_rejected() {
        assertThat(errorsOf(VALID.replace("name: orders", "name: event_timestamp")))
                .singleElement().extracting(DefinitionError::problem).isEqualTo("'event_timestamp' is reserved");
        assertThat(errorsOf(VALID.replace("name: customer_metrics", "name: Customer-Metrics")))
                .singleElement().extracting(DefinitionError::field).isEqualTo("name");
    }

    @Test
    void unknown_source_kind_and_bad_duration_are_reported() {
        List<DefinitionError> errors = errorsOf(VALID.replace("kind: jdbc", "kind: jdcb").replace("ttl: 30d", "ttl: a month"));

        assertThat(errors).extracting(DefinitionError::field).containsExactlyInAnyOrder("source.kind", "ttl");
    }

    @Test
    void invalid_yaml_names_the_line() {
        List<DefinitionError> errors = errorsOf("name: g\nentity: { name: customer, key: customer_id\nfeatures: []\n");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("(yaml)");
            assertThat(e.line()).isPositive();
            assertThat(e.problem()).startsWith("is not valid YAML");
        });
    }

    @Test
    void duplicate_group_names_across_files_are_rejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);
        Files.writeString(dir.resolve("b.yaml"), VALID);

        assertThatThrownBy(() -> loader.loadDirectory(dir))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("b.yaml:1: field 'name': feature group 'customer_metrics' is already defined in");
    }

    @Test
    void a_folder_of_valid_files_loads_every_group(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);
        Files.writeString(dir.resolve("b.yml"), VALID.replace("name: customer_metrics", "name: other"));
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        assertThat(loader.loadDirectory(dir)).extracting(FeatureGroup::name).containsExactly("customer_metrics", "other");
    }
}
