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
import io.fstore.model.RunPolicy;
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
        assertThat(((io.fstore.model.SourceSpec.Sql) g.source().settings()).query()).endsWith("GROUP BY customer_id").doesNotEndWith(";");
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
                + "one of description, entity, features, max_run_time, name, owner, quarantine, run_on_start, schedule, "
                + "source, tags, ttl, update_frequency");
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
            assertThat(e.problem()).isEqualTo("unknown connection 'lake'");
            assertThat(e.expected()).contains("warehouse").contains("fstore.connection.<name>.*");
            assertThat(e.line()).isEqualTo(6);
        });
    }

    @Test
    void list_and_vector_features_parse_with_their_dimension() {
        List<DefinitionError> errors = new ArrayList<>();
        Optional<FeatureGroup> group = loader.parse("features/g.yaml", VALID.replace(
                "  - { name: orders, type: long }",
                "  - { name: orders, type: long }\n  - { name: tags, type: list<string> }\n"
                        + "  - { name: embedding, type: vector, dimension: 4 }"), errors);

        assertThat(errors).isEmpty();
        assertThat(group.orElseThrow().features()).extracting(f -> f.name() + ":" + f.type().yamlName() + ":"
                + f.dimension()).contains("tags:list<string>:0", "embedding:vector:4");
    }

    @Test
    void vector_without_dimension_says_what_to_write() {
        List<DefinitionError> errors = errorsOf(VALID.replace("type: long", "type: vector"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("features[1].dimension");
            assertThat(e.problem()).isEqualTo("a vector feature needs its dimension");
            assertThat(e.expected()).contains("dimension: 384");
            assertThat(e.line()).isEqualTo(16);
        });
    }

    @Test
    void dimension_on_another_type_or_out_of_range_is_refused() {
        assertThat(errorsOf(VALID.replace("type: long", "type: long, dimension: 3"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("features[1].dimension");
                    assertThat(e.problem()).isEqualTo("only a vector feature has a dimension");
                });
        assertThat(errorsOf(VALID.replace("type: long", "type: vector, dimension: 0"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("features[1].dimension");
                    assertThat(e.expected()).isEqualTo("a whole number from 1 to 65536");
                });
    }

    @Test
    void unknown_type_lists_the_supported_types() {
        List<DefinitionError> errors = errorsOf(VALID.replace("type: long", "type: int64"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("features[1].type");
            assertThat(e.expected()).isEqualTo("one of long, double, string, bool, timestamp, decimal, list<long>, "
                    + "list<double>, list<string>, list<bool>, vector");
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

    // --- run policy: max_run_time, source.timeout, quarantine ---

    @Test
    void run_policy_defaults_when_not_given() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("g.yaml", VALID, errors).orElseThrow();

        assertThat(g.runPolicy()).isEqualTo(RunPolicy.DEFAULT);
    }

    @Test
    void run_policy_keys_become_the_groups_run_policy() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("g.yaml", VALID
                .replace("  timestamp: ts", "  timestamp: ts\n  timeout: 90s")
                .replace("ttl: 30d", "ttl: 30d\nmax_run_time: 2h\nquarantine: { max_ratio: 0.25, tolerate_rows: 100 }"),
                errors).orElseThrow();

        assertThat(errors).isEmpty();
        assertThat(g.runPolicy()).isEqualTo(new RunPolicy(Duration.ofHours(2), Duration.ofSeconds(90), 0.25, 100));
    }

    @Test
    void one_quarantine_key_keeps_the_default_of_the_other() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("g.yaml", VALID.replace("ttl: 30d", "ttl: 30d\nquarantine: { max_ratio: 0 }"),
                errors).orElseThrow();

        assertThat(g.runPolicy().maxQuarantineRatio()).isZero();
        assertThat(g.runPolicy().tolerateQuarantined()).isEqualTo(RunPolicy.DEFAULT.tolerateQuarantined());
        assertThat(g.runPolicy().maxRunTime()).isEqualTo(RunPolicy.DEFAULT.maxRunTime());
    }

    @Test
    void max_run_time_of_zero_is_rejected_with_file_line_and_expected() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nmax_run_time: 0s"))).singleElement()
                .hasToString("features/g.yaml:14: field 'max_run_time': '0s' is shorter than 1s; expected "
                        + "how long a run may hold its group, from 1s to 36500d, e.g. 2h");
    }

    @Test
    void max_run_time_that_is_not_a_duration_is_rejected() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nmax_run_time: two hours"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("max_run_time");
                    assertThat(e.line()).isEqualTo(14);
                    assertThat(e.problem()).isEqualTo("'two hours' is not a duration");
                    assertThat(e.expected()).isEqualTo(Durations.FORMAT);
                });
    }

    @Test
    void source_timeout_below_one_second_is_rejected() {
        assertThat(errorsOf(VALID.replace("  timestamp: ts", "  timestamp: ts\n  timeout: 0s"))).singleElement()
                .hasToString("features/g.yaml:11: field 'source.timeout': '0s' is shorter than 1s; expected "
                        + "the longest one source request may take, from 1s to 24h, e.g. 10m");
    }

    @Test
    void source_timeout_above_a_day_is_rejected() {
        assertThat(errorsOf(VALID.replace("  timestamp: ts", "  timestamp: ts\n  timeout: 2d"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.timeout");
                    assertThat(e.problem()).isEqualTo("'2d' is longer than 24h");
                });
    }

    @Test
    void quarantine_ratio_outside_zero_to_one_is_rejected() {
        for (String bad : new String[] {"1.5", "-0.1", "NaN", "five percent", "5%"}) {
            assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nquarantine:\n  max_ratio: " + bad)))
                    .as(bad).singleElement()
                    .hasToString("features/g.yaml:15: field 'quarantine.max_ratio': is '" + bad + "'; expected a "
                            + "number from 0 to 1: the share of a run's rows that may be quarantined, e.g. 0.05");
        }
    }

    @Test
    void negative_or_fractional_tolerated_rows_are_rejected() {
        for (String bad : new String[] {"-1", "2.5", "many"}) {
            assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nquarantine: { tolerate_rows: " + bad + " }")))
                    .as(bad).singleElement().satisfies(e -> {
                        assertThat(e.field()).isEqualTo("quarantine.tolerate_rows");
                        assertThat(e.line()).isEqualTo(14);
                        assertThat(e.problem()).isEqualTo("is '" + bad + "'");
                        assertThat(e.expected()).startsWith("a whole number from 0 to ");
                    });
        }
    }

    @Test
    void unknown_quarantine_key_is_rejected() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nquarantine: { max_rows: 5 }"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("quarantine.max_rows");
                    assertThat(e.expected()).isEqualTo("one of max_ratio, tolerate_rows");
                });
    }

    @Test
    void quarantine_that_is_not_a_mapping_is_rejected() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 30d\nquarantine: 5%"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("quarantine");
                    assertThat(e.problem()).isEqualTo("must be a mapping");
                });
    }

    // --- definitions that cannot work (issue 7, point 14) ---

    @Test
    void update_frequency_of_zero_seconds_is_rejected_naming_file_and_line() {
        assertThat(errorsOf(VALID.replace("schedule: \"0 */5 * * * ?\"", "update_frequency: 0s"))).singleElement()
                .hasToString("features/g.yaml:12: field 'update_frequency': '0s' is shorter than 1s; expected "
                        + "the time between two runs, from 1s to 36500d, e.g. 5m");
    }

    @Test
    void update_frequency_too_large_for_a_timer_is_rejected_not_thrown() {
        assertThat(errorsOf(VALID.replace("schedule: \"0 */5 * * * ?\"", "update_frequency: 9999999999999999w")))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("update_frequency");
                    assertThat(e.problem()).isEqualTo("'9999999999999999w' is longer than 36500d");
                });
    }

    @Test
    void ttl_longer_than_the_stores_can_add_to_an_event_time_is_rejected() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 36501d"))).singleElement()
                .hasToString("features/g.yaml:13: field 'ttl': '36501d' is longer than 36500d; expected how long a "
                        + "value stays servable after its event time, from 1s to 36500d (100 years); omit ttl to keep "
                        + "values forever");
    }

    @Test
    void ttl_whose_number_overflows_is_rejected_not_thrown() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 99999999999999999999999d"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("ttl");
                    assertThat(e.problem()).isEqualTo("'99999999999999999999999d' is longer than 36500d");
                });
    }

    @Test
    void ttl_of_zero_is_rejected_because_omitting_ttl_means_forever() {
        assertThat(errorsOf(VALID.replace("ttl: 30d", "ttl: 0s"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("ttl");
            assertThat(e.problem()).isEqualTo("'0s' is shorter than 1s");
            assertThat(e.expected()).endsWith("omit ttl to keep values forever");
        });
    }

    @Test
    void ttl_of_a_hundred_years_is_the_largest_accepted() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("g.yaml", VALID.replace("ttl: 30d", "ttl: 36500d"), errors).orElseThrow();

        assertThat(g.ttl()).isEqualTo(Duration.ofDays(36_500));
    }

    // --- where each field is, for the source schema check ---

    @Test
    void a_loaded_definition_remembers_its_file_and_the_lines_of_its_source_fields(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);

        GroupDefinition d = loader.loadDefinitions(dir).get(0);

        assertThat(d.file()).isEqualTo(dir.resolve("a.yaml").toString());
        assertThat(d.group().name()).isEqualTo("customer_metrics");
        assertThat(d.line("source.query")).isEqualTo(7);
        assertThat(d.line("source.timestamp")).isEqualTo(10);
        assertThat(d.line("source.incremental.column")).isEqualTo(11);
        assertThat(d.line("entity.key")).isEqualTo(3);
        assertThat(d.line("features[1].type")).isEqualTo(16);
        assertThat(d.line("no.such.field")).as("unknown fields fall back to the top of the file").isEqualTo(1);
    }

    // ---- the common source part (every kind): connection, field mapping, owner and tags ----

    private static final String MAPPED = """
            name: customer_profile
            owner: growth-team@example.com
            tags: { team: growth, tier: gold }
            entity: { name: customer, key: customer_id }
            source:
              kind: jdbc
              connection: warehouse
              query: SELECT * FROM profiles
              entity_key: cust.id
              timestamp: updated
              timestamp_unit: micros
              created_timestamp: loaded_at
              field_mapping: { address.city: city, stats.total: spend }
            update_frequency: 1h
            features:
              - { name: city, type: string }
              - { name: spend, type: double }
              - { name: visits, type: long }
            """;

    @Test
    void the_field_mapping_owner_and_tags_are_read() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse("features/g.yaml", MAPPED, errors).orElseThrow();

        assertThat(errors).isEmpty();
        io.fstore.model.FieldMapping f = g.source().fields();
        assertThat(f.entityKey()).contains("cust.id");
        assertThat(f.timestamp()).isEqualTo("updated");
        assertThat(f.timestampUnit()).contains(io.fstore.model.TimestampUnit.MICROS);
        assertThat(f.createdTimestamp()).contains("loaded_at");
        assertThat(f.fieldOf(g.features().get(0))).isEqualTo("address.city");
        assertThat(f.fieldOf(g.features().get(1))).isEqualTo("stats.total");
        assertThat(f.fieldOf(g.features().get(2))).as("unmapped: its own name").isEqualTo("visits");
        assertThat(g.source().connection()).isEqualTo("warehouse");
        assertThat(g.owner()).isEqualTo("growth-team@example.com");
        assertThat(g.tags()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("team", "growth", "tier", "gold"));
    }

    @Test
    void a_mapping_to_an_undeclared_feature_is_named() {
        List<DefinitionError> errors = errorsOf(MAPPED.replace("stats.total: spend", "stats.total: spent"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.field_mapping");
            assertThat(e.problem()).contains("'spent'");
            assertThat(e.expected()).contains("city, spend, visits");
            assertThat(e.line()).isEqualTo(13);
        });
    }

    @Test
    void an_unknown_timestamp_unit_lists_the_units() {
        List<DefinitionError> errors = errorsOf(MAPPED.replace("timestamp_unit: micros", "timestamp_unit: nanos"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.timestamp_unit");
            assertThat(e.expected()).startsWith("seconds, millis or micros");
            assertThat(e.line()).isEqualTo(11);
        });
    }

    @Test
    void a_field_path_that_is_not_one_is_named() {
        List<DefinitionError> errors = errorsOf(MAPPED.replace("entity_key: cust.id", "entity_key: \"cust id\""));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.entity_key");
            assertThat(e.problem()).contains("is not a field path");
        });
    }

    @Test
    void connection_and_its_older_name_together_are_refused() {
        List<DefinitionError> errors = errorsOf(MAPPED.replace("connection: warehouse",
                "connection: warehouse\n  datasource: warehouse"));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("source.datasource"));
    }

    @Test
    void a_connection_of_another_kind_is_refused_naming_both_kinds() {
        DefinitionLoader mixed = new DefinitionLoader(java.util.Map.of("warehouse", "jdbc", "docs", "mongodb"));
        List<DefinitionError> errors = new ArrayList<>();

        assertThat(mixed.parse("features/g.yaml", MAPPED.replace("connection: warehouse", "connection: docs"),
                errors)).isEmpty();

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.connection");
            assertThat(e.problem()).isEqualTo("connection 'docs' is a mongodb connection, not jdbc");
            assertThat(e.expected()).contains("warehouse");
        });
    }

    @Test
    void keys_of_another_kind_are_unknown_keys() {
        List<DefinitionError> errors = errorsOf(MAPPED.replace("query: SELECT * FROM profiles",
                "query: SELECT * FROM profiles\n  collection: profiles"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.collection");
            assertThat(e.problem()).isEqualTo("unknown key");
        });
    }

    @Test
    void tags_must_be_texts() {
        List<DefinitionError> errors = errorsOf(MAPPED.replace("tier: gold", "tier: [gold]"));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("tags.tier"));
    }
}
