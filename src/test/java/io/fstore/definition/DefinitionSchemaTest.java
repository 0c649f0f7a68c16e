package io.fstore.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefinitionSchemaTest {

    private static final String FILE = "features/g.yaml";

    /** A valid jdbc definition; the bad cases below each change one thing in it. */
    private static final String JDBC = """
            name: customer_metrics
            description: Purchase behaviour per customer
            entity: { name: customer, key: customer_id }
            source:
              kind: jdbc
              connection: warehouse
              query: SELECT customer_id, COUNT(*) AS orders, MAX(created_at) AS ts FROM orders GROUP BY customer_id
              timestamp: ts
              incremental: { column: ts }
            schedule: "0 */5 * * * ?"
            ttl: 30d
            quarantine: { max_ratio: 0.01, tolerate_rows: 5 }
            features:
              - { name: orders, type: long }
              - name: balance
                type: decimal
                precision: 12
                scale: 2
            """;

    /** A valid mongodb definition using every common source key. */
    private static final String MONGODB = """
            name: order_stats
            description: Orders per customer from the shop's documents
            entity: { name: customer, key: customer_id, description: A registered customer }
            source:
              kind: mongodb
              connection: shop
              database: shop
              collection: orders
              filter: { status: { $in: [paid, shipped] } }
              projection: '{"customer": 1, "amount": 1, "ts": 1}'
              sort: { ts: 1 }
              batch_size: 500
              timestamp: ts
              timestamp_unit: millis
              created_timestamp: meta.created
              entity_key: customer.id
              field_mapping: { amount: last_amount, address.city: city }
              incremental: { column: meta.updated }
              timeout: 2m
            update_frequency: 10m
            run_on_start: true
            max_run_time: 2h
            owner: data-team@example.com
            tags: { domain: sales, pii: "false" }
            features:
              - { name: last_amount, type: decimal, precision: 12, scale: 2 }
              - { name: city, type: string }
              - { name: seen_at, type: timestamp }
              - { name: vip, type: bool }
              - { name: score, type: double }
            """;

    private static List<DefinitionError> validate(String yaml) {
        return DefinitionSchema.validate(FILE, YamlJson.compose(FILE, yaml).orElse(null));
    }

    /** The 1-based line of the first line of a text holding a marker. */
    private static int lineOf(String yaml, String marker) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line holds '" + marker + "'");
    }

    private static String replaced(String yaml, String from, String to) {
        assertThat(yaml).as("the case's text to replace").contains(from);
        return yaml.replace(from, to);
    }

    @Test
    void every_definition_in_features_matches_the_schema() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("features"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).as("the demo definitions").isNotEmpty();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(DefinitionSchema.validate(file.toString(), YamlJson.compose(file.toString(), text).orElseThrow()))
                    .as(file.toString()).isEmpty();
        }
    }

    @Test
    void a_jdbc_definition_with_connection_is_valid() {
        assertThat(validate(JDBC)).isEmpty();
    }

    @Test
    void a_jdbc_definition_with_the_old_datasource_key_is_valid() {
        assertThat(validate(replaced(JDBC, "connection: warehouse", "datasource: warehouse"))).isEmpty();
    }

    @Test
    void a_mongodb_definition_with_a_filter_is_valid() {
        assertThat(validate(MONGODB)).isEmpty();
    }

    @Test
    void a_mongodb_definition_may_leave_out_the_database_and_the_filter() {
        String yaml = replaced(replaced(replaced(replaced(MONGODB, "  database: shop\n", ""),
                "  filter: { status: { $in: [paid, shipped] } }\n", ""),
                "  projection: '{\"customer\": 1, \"amount\": 1, \"ts\": 1}'\n", ""), "  sort: { ts: 1 }\n", "");

        assertThat(validate(yaml)).isEmpty();
    }

    @Test
    void a_mongodb_definition_with_an_aggregation_pipeline_is_valid_as_yaml_and_as_json_text() {
        String base = replaced(replaced(MONGODB, "  projection: '{\"customer\": 1, \"amount\": 1, \"ts\": 1}'\n", ""),
                "  sort: { ts: 1 }\n", "");
        String yamlPipeline = replaced(base, "filter: { status: { $in: [paid, shipped] } }", """
                aggregate:
                    - $match: { status: paid }
                    - $group: { _id: $customer_id, n: { $sum: 1 } }""");
        String jsonPipeline = replaced(base, "filter: { status: { $in: [paid, shipped] } }",
                "aggregate: '[{\"$match\": {\"status\": \"paid\"}}]'");

        assertThat(validate(yamlPipeline)).isEmpty();
        assertThat(validate(jsonPipeline)).isEmpty();
    }

    @Test
    void the_schema_in_the_jar_is_the_one_in_the_repository() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DefinitionSchema.RESOURCE)) {
            assertThat(in).as(DefinitionSchema.RESOURCE + " on the classpath").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(Path.of(DefinitionSchema.RESOURCE), StandardCharsets.UTF_8));
        }
    }

    @Test
    void every_key_has_a_title_a_description_and_examples_and_every_mapping_rejects_unknown_keys() {
        List<String> problems = new ArrayList<>();
        walk(DefinitionSchema.schema(), "#", problems);
        assertThat(problems).isEmpty();
    }

    /** Checks every declared property and object schema, leaving out the if/then parts (conditions, not keys). */
    private static void walk(JsonNode schema, String at, List<String> problems) {
        if (!schema.isObject()) {
            return;
        }
        if (schema.has("properties") && !schema.path("additionalProperties").equals(BooleanNode.FALSE)) {
            problems.add(at + " does not set additionalProperties: false");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (String annotation : List.of("title", "description", "examples")) {
                if (!p.getValue().has(annotation) && !p.getKey().equals("source")) {
                    problems.add(at + "/properties/" + p.getKey() + " has no " + annotation);
                }
            }
            walk(p.getValue(), at + "/properties/" + p.getKey(), problems);
        }
        walk(schema.path("items"), at + "/items", problems);
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("definitions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            walk(d.getValue(), at + "/definitions/" + d.getKey(), problems);
        }
    }

    /**
     * One bad definition: the text, the one field it must be reported on, a marker of the line it must be reported
     * at (the first line holding it), and words the problem and the expectation must hold.
     */
    record Bad(String name, String yaml, String field, String lineMarker, String problem, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badDefinitions() {
        String mongoAggregate = replaced(replaced(replaced(MONGODB,
                "  projection: '{\"customer\": 1, \"amount\": 1, \"ts\": 1}'\n", ""), "  sort: { ts: 1 }\n", ""),
                "filter: { status: { $in: [paid, shipped] } }", "aggregate: [ { $match: { status: paid } } ]");
        return Stream.of(
                // unknown keys, one per level
                new Bad("unknown top-level key", replaced(JDBC, "ttl: 30d", "ttl: 30d\nretention: 30d"),
                        "retention", "retention:", "unknown key", "max_run_time, name, owner, quarantine, run_on_start, schedule"),
                new Bad("unknown entity key", replaced(JDBC, "key: customer_id }", "key: customer_id, id: x }"),
                        "entity.id", "entity:", "unknown key", "description, key, name"),
                new Bad("unknown jdbc source key", replaced(JDBC, "  timestamp: ts\n", "  timestamp: ts\n  table: t\n"),
                        "source.table", "table:", "unknown key",
                        "one of connection, created_timestamp, entity_key, field_mapping, incremental, kind, query, "
                                + "timeout, timestamp, timestamp_unit"),
                new Bad("unknown mongodb source key", replaced(MONGODB, "  batch_size: 500\n", "  cursor: 500\n"),
                        "source.cursor", "cursor:", "unknown key", "batch_size, collection, connection, "
                                + "created_timestamp, database, entity_key, field_mapping, filter, incremental, kind, "
                                + "projection, sort, timeout, timestamp, timestamp_unit"),
                new Bad("unknown incremental key", replaced(JDBC, "{ column: ts }", "{ column: ts, every: 1h }"),
                        "source.incremental.every", "incremental:", "unknown key", "column"),
                new Bad("unknown quarantine key", replaced(JDBC, "tolerate_rows: 5", "tolerate: 5"),
                        "quarantine.tolerate", "quarantine:", "unknown key", "max_ratio, tolerate_rows"),
                new Bad("unknown feature key", replaced(JDBC, "    scale: 2", "    scale: 2\n    unit: eur"),
                        "features[1].unit", "unit: eur", "unknown key", "description, dimension, name, precision, scale, type"),
                // wrong types
                new Bad("boolean as text", replaced(JDBC, "ttl: 30d", "ttl: 30d\nrun_on_start: \"yes\""),
                        "run_on_start", "run_on_start", "is 'yes'", "true or false"),
                new Bad("features as a mapping", replaced(JDBC, JDBC.substring(JDBC.indexOf("features:")),
                        "features:\n  orders: long\n"),
                        "features", "orders: long", "is a mapping", "a list"),
                new Bad("precision not a whole number", replaced(JDBC, "precision: 12", "precision: 12.5"),
                        "features[1].precision", "precision:", "is the number 12.5", "a whole number from 1 to 38"),
                new Bad("number for text", replaced(JDBC, "description: Purchase behaviour per customer",
                        "description: 2024"), "description", "description:", "is the number 2024",
                        "text (in quotes: \"2024\")"),
                new Bad("source not a mapping", replaced(JDBC, JDBC.substring(JDBC.indexOf("source:"),
                        JDBC.indexOf("schedule:")), "source: warehouse\n"),
                        "source", "source:", "is 'warehouse'", "a mapping"),
                new Bad("tag value not text", replaced(MONGODB, "pii: \"false\"", "pii: false"),
                        "tags.pii", "tags:", "is false", "a text value (in quotes: \"false\")"),
                new Bad("quarantine ratio above 1", replaced(JDBC, "max_ratio: 0.01", "max_ratio: 5"),
                        "quarantine.max_ratio", "quarantine:", "is the number 5", "a number from 0 to 1"),
                new Bad("batch_size zero", replaced(MONGODB, "batch_size: 500", "batch_size: 0"),
                        "source.batch_size", "batch_size", "is the number 0", "a whole number from 1 to 100000"),
                new Bad("empty feature list", replaced(JDBC, JDBC.substring(JDBC.indexOf("features:")), "features: []\n"),
                        "features", "features:", "is an empty list", "a list"),
                // bad enums
                new Bad("unknown feature type", replaced(JDBC, "type: long", "type: int"),
                        "features[0].type", "type: int", "is 'int'",
                        "one of long, double, string, bool, timestamp, decimal"),
                new Bad("unknown source kind", replaced(JDBC, "kind: jdbc", "kind: oracle"),
                        "source.kind", "kind:", "is 'oracle'", "one of jdbc, mongodb"),
                new Bad("unknown timestamp unit", replaced(MONGODB, "timestamp_unit: millis", "timestamp_unit: nanos"),
                        "source.timestamp_unit", "timestamp_unit", "is 'nanos'", "one of seconds, millis, micros"),
                // names and paths
                new Bad("group name with capitals", replaced(JDBC, "name: customer_metrics", "name: Customer-Metrics"),
                        "name", "name: Customer", "is 'Customer-Metrics', not a valid name",
                        "lower-case letters, digits and _"),
                new Bad("field mapping from an empty path segment", replaced(MONGODB, "amount: last_amount",
                        "amount..x: last_amount"), "source.field_mapping[\"amount..x\"]", "field_mapping",
                        "'amount..x' is not a field path", "a dotted path into nested documents"),
                new Bad("field mapping to a bad feature name", replaced(MONGODB, "address.city: city",
                        "address.city: City"), "source.field_mapping[\"address.city\"]", "field_mapping",
                        "is 'City', not a valid name", "lower-case letters"),
                // missing keys
                new Bad("missing entity", replaced(JDBC, "entity: { name: customer, key: customer_id }\n", ""),
                        "entity", "name: customer_metrics", "is missing",
                        "the entity the features describe and the name of its key, e.g. { name: customer, key: customer_id }"),
                new Bad("missing entity key", replaced(JDBC, ", key: customer_id }", " }"),
                        "entity.key", "entity:", "is missing", "the name of the entity key"),
                new Bad("missing jdbc query", replaced(JDBC, JDBC.lines().filter(l -> l.contains("query:")).findFirst()
                        .orElseThrow() + "\n", ""), "source.query", "kind: jdbc", "is missing", "a SELECT"),
                new Bad("missing connection", replaced(JDBC, "  connection: warehouse\n", ""),
                        "source.connection", "kind: jdbc", "is missing", "fstore.connection.<name>.kind"),
                new Bad("missing schedule and update_frequency", replaced(JDBC, "schedule: \"0 */5 * * * ?\"\n", ""),
                        "schedule", "name: customer_metrics", "is missing", "a quartz cron"),
                new Bad("missing feature type", replaced(JDBC, "{ name: orders, type: long }", "{ name: orders }"),
                        "features[0].type", "name: orders", "is missing", "one of long, double, string, bool, timestamp, decimal"),
                new Bad("missing mongodb collection", replaced(MONGODB, "  collection: orders\n", ""),
                        "source.collection", "kind: mongodb", "is missing", "the MongoDB collection"),
                new Bad("mongodb filter neither a mapping nor text", replaced(MONGODB,
                        "filter: { status: { $in: [paid, shipped] } }", "filter: [ paid ]"),
                        "source.filter", "filter:", "is a list", "a mapping or JSON text"),
                new Bad("field path with a space", replaced(JDBC, "timestamp: ts", "timestamp: created at"),
                        "source.timestamp", "timestamp:", "is 'created at', not a field path", "address.city"),
                // keys that exclude each other
                new Bad("filter and aggregate together", replaced(MONGODB, "  sort: { ts: 1 }\n",
                        "  sort: { ts: 1 }\n  aggregate: [ { $match: { a: 1 } } ]\n"),
                        "source.aggregate", "aggregate:", "is given together with filter",
                        "either filter (+ projection, sort) or aggregate, not both"),
                new Bad("projection with aggregate", replaced(mongoAggregate, "  batch_size: 500\n",
                        "  batch_size: 500\n  projection: { a: 1 }\n"), "source.projection", "projection:",
                        "is given together with aggregate", "a $project stage"),
                new Bad("schedule and update_frequency together", replaced(JDBC, "ttl: 30d", "ttl: 30d\nupdate_frequency: 5m"),
                        "update_frequency", "update_frequency", "is given together with schedule",
                        "either schedule (quartz cron) or update_frequency, not both"),
                new Bad("connection and datasource together", replaced(JDBC, "  connection: warehouse\n",
                        "  connection: warehouse\n  datasource: warehouse\n"), "source.datasource", "datasource:",
                        "is given together with connection", "connection only (datasource is its older name)"),
                new Bad("mongodb key in a jdbc source", replaced(JDBC, "  timestamp: ts\n", "  timestamp: ts\n  collection: orders\n"),
                        "source.collection", "collection:", "is not a key of a jdbc source", "query"),
                new Bad("jdbc query in a mongodb source", replaced(MONGODB, "  batch_size: 500\n",
                        "  batch_size: 500\n  query: SELECT 1\n"), "source.query", "query:",
                        "is not a key of a mongodb source", "filter (a query mapping) or aggregate"),
                new Bad("datasource in a mongodb source", replaced(MONGODB, "  connection: shop\n", "  datasource: shop\n"),
                        "source.datasource", "datasource:", "is not a key of a mongodb source", "connection:"),
                // durations
                new Bad("duration in words", replaced(JDBC, "ttl: 30d", "ttl: 30 days"),
                        "ttl", "ttl:", "is '30 days', not a duration", "a number from 1 followed by s, m, h, d or w"),
                new Bad("zero duration", replaced(MONGODB, "update_frequency: 10m", "update_frequency: 0m"),
                        "update_frequency", "update_frequency", "is '0m', not a duration", "e.g. 30s, 5m, 1h, 30d"),
                new Bad("duration as a bare number", replaced(MONGODB, "timeout: 2m", "timeout: 120"),
                        "source.timeout", "timeout:", "is the number 120", "a number from 1 followed by s, m, h, d or w"),
                new Bad("cron with too few fields", replaced(JDBC, "\"0 */5 * * * ?\"", "\"*/5 * * * *\""),
                        "schedule", "schedule:", "is '*/5 * * * *', not a quartz cron", "six or seven fields"),
                // YAML that JSON cannot say
                new Bad("key given twice", replaced(JDBC, "ttl: 30d", "ttl: 30d\nttl: 1d"),
                        "ttl", "ttl: 1d", "is given twice", "each key once")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void a_bad_definition_gives_one_error_on_its_field_and_line(Bad bad) {
        List<DefinitionError> errors = validate(bad.yaml());

        assertThat(errors).as(bad.yaml()).hasSize(1);
        DefinitionError e = errors.get(0);
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.field()).isEqualTo(bad.field());
        assertThat(e.line()).as(e.toString()).isEqualTo(lineOf(bad.yaml(), bad.lineMarker()));
        assertThat(e.problem()).as(e.toString()).contains(bad.problem());
        assertThat(e.expected()).as(e.toString()).contains(bad.expected());
    }

    @Test
    void every_problem_of_a_file_is_reported_in_line_order() {
        String yaml = replaced(replaced(replaced(JDBC, "type: long", "type: int"), "ttl: 30d", "ttl: forever"),
                "kind: jdbc", "kind: jdbc\n  tabel: orders");

        List<DefinitionError> errors = validate(yaml);

        assertThat(errors).extracting(DefinitionError::field)
                .containsExactly("source.tabel", "ttl", "features[0].type");
        assertThat(errors).extracting(DefinitionError::line)
                .containsExactly(lineOf(yaml, "tabel"), lineOf(yaml, "ttl:"), lineOf(yaml, "type: int"));
        assertThat(errors.get(1).toString())
                .isEqualTo(FILE + ":" + lineOf(yaml, "ttl:") + ": field 'ttl': is 'forever', not a duration; "
                        + "expected a number from 1 followed by s, m, h, d or w (e.g. 30s, 5m, 1h, 30d)");
    }

    @Test
    void a_document_that_is_not_a_mapping_is_reported_on_the_file() {
        List<DefinitionError> list = validate("- name: x\n");
        List<DefinitionError> empty = DefinitionSchema.validate(FILE, null);

        assertThat(list).extracting(DefinitionError::field, DefinitionError::line, DefinitionError::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("(file)", 1, "is a list"));
        assertThat(empty).extracting(DefinitionError::field, DefinitionError::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("(file)", "is empty"));
    }
}
