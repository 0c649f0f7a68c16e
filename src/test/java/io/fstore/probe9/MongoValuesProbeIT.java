package io.fstore.probe9;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import io.fstore.it.FStoreHarness;
import io.fstore.source.RunSummary;
import io.fstore.source.mongodb.TestMongo;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review #9: MongoDB values (ObjectId, Decimal128, Int64/Int32, Double, Date, nested and missing fields) end to end,
 * and checkpoints on the field types a MongoDB collection really has (Date, nested Date, ObjectId, numbers).
 */
class MongoValuesProbeIT {

    @RegisterExtension
    static final TestMongo MONGO = TestMongo.shared();
    private static final Instant T0 = Instant.parse("2024-06-01T10:00:00.123Z");

    @TempDir(factory = P9.TempDirs.class)
    Path work;

    private Map<String, String> props() {
        return Map.of("fstore.connection.docs.kind", "mongodb", "fstore.connection.docs.uri", MONGO.uri(),
                "fstore.connection.docs.database", MONGO.databaseName(), "fstore.chunk-size", "2",
                "fstore.retry.max-redeliveries", "0");
    }

    private MongoCollection<Document> collection() {
        return MONGO.database().getCollection("docs");
    }

    private static String group(String name, String source, String features) {
        return "name: " + name + "\n"
                + "entity: { name: customer, key: customer_id }\n"
                + "source:\n"
                + "  kind: mongodb\n"
                + "  connection: docs\n"
                + "  collection: docs\n"
                + source
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "quarantine: { tolerate_rows: 5 }\n"
                + "features:\n" + features;
    }

    @Test
    void bson_types_and_nested_fields_arrive_typed_and_a_document_missing_a_field_is_quarantined_alone()
            throws Exception {
        ObjectId a = new ObjectId();
        ObjectId b = new ObjectId();
        ObjectId c = new ObjectId();
        ObjectId ref = new ObjectId();
        collection().insertMany(List.of(
                new Document("_id", a).append("qty", 5_000_000_000L).append("amount", new Decimal128(new BigDecimal("12.34")))
                        .append("ratio", 0.25).append("flag", true).append("ref", ref)
                        .append("address", new Document("city", "Lyon").append("zip", 69001))
                        .append("seen", Date.from(T0.minusSeconds(3600))).append("updated_at", Date.from(T0)),
                new Document("_id", b).append("qty", 7).append("amount", new Decimal128(new BigDecimal("-0.50")))
                        .append("ratio", 1.5).append("flag", false).append("ref", ref)
                        .append("address", new Document("city", null))
                        .append("seen", Date.from(T0)).append("updated_at", Date.from(T0.plusSeconds(1))),
                new Document("_id", c).append("qty", 1L).append("amount", new Decimal128(new BigDecimal("1.00")))
                        .append("ratio", 2.0).append("flag", true).append("ref", ref)
                        .append("seen", Date.from(T0)).append("updated_at", Date.from(T0.plusSeconds(2)))));
        P9.feature(work, "types", group("types", """
                  entity_key: _id
                  timestamp: updated_at
                  field_mapping: { address.city: city }
                """, """
                  - { name: qty, type: long }
                  - { name: amount, type: decimal, precision: 10, scale: 2 }
                  - { name: ratio, type: double }
                  - { name: flag, type: bool }
                  - { name: ref, type: string }
                  - { name: city, type: string }
                  - { name: seen, type: timestamp }
                """));
        try (FStoreHarness fstore = new FStoreHarness(work, props())) {
            RunSummary run = fstore.run("types");

            assertThat(run.rowsRead()).isEqualTo(3);
            assertThat(run.rowsStored()).isEqualTo(2);
            assertThat(run.rowsQuarantined()).isEqualTo(1);
            JsonNode fa = fstore.getJson("/features/types/" + a.toHexString()).path("features");
            assertThat(fa.path("qty").path("value").asLong()).isEqualTo(5_000_000_000L);
            assertThat(fa.path("amount").path("value").asText()).isEqualTo("12.34");
            assertThat(fa.path("ratio").path("value").asDouble()).isEqualTo(0.25);
            assertThat(fa.path("flag").path("value").asBoolean()).isTrue();
            assertThat(fa.path("ref").path("value").asText()).isEqualTo(ref.toHexString());
            assertThat(fa.path("city").path("value").asText()).isEqualTo("Lyon");
            assertThat(Instant.parse(fa.path("seen").path("value").asText())).isEqualTo(T0.minusSeconds(3600));
            assertThat(Instant.parse(fa.path("qty").path("event_timestamp").asText())).isEqualTo(T0);
            JsonNode fb = fstore.getJson("/features/types/" + b.toHexString()).path("features");
            assertThat(fb.path("qty").path("value").asLong()).as("Int32 into long").isEqualTo(7);
            assertThat(new BigDecimal(fb.path("amount").path("value").asText())).isEqualByComparingTo("-0.5");
            assertThat(fb.path("city").path("status").asText()).isEqualTo("present");
            assertThat(fb.path("city").path("value").isNull()).as("a null city is a null value").isTrue();
            JsonNode fc = fstore.getJson("/features/types/" + c.toHexString());
            assertThat(fc.path("status").asText()).isNotEqualTo("present");
            List<JsonNode> quarantined = quarantine(fstore, "types");
            assertThat(quarantined).hasSize(1);
            assertThat(quarantined.get(0).path("reason").asText()).startsWith("missing column address.city");
        }
    }

    private static List<JsonNode> quarantine(FStoreHarness fstore, String group) throws Exception {
        Path dir = fstore.dataDir.resolve("quarantine").resolve(group);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            List<JsonNode> out = new java.util.ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : java.nio.file.Files.readAllLines(f)) {
                    out.add(P9.JSON.readTree(line));
                }
            }
            return out;
        }
    }

    private static final String LONG_N = "  - { name: n, type: long }\n";

    private static Document event(String customer, Object checkpointValue, int i) {
        return new Document("cust", customer).append("n", (long) i).append("ts", Date.from(T0.plusSeconds(i)))
                .append("seq", checkpointValue);
    }

    /** Two runs in two processes: what the second one reads after more documents arrive. */
    private long[] twoRuns(String groupYaml, List<Document> first, List<Document> later) throws Exception {
        collection().insertMany(first);
        P9.feature(work, "inc", groupYaml);
        long[] read = new long[2];
        try (FStoreHarness fstore = new FStoreHarness(work, props())) {
            read[0] = fstore.run("inc").rowsRead();
        }
        collection().insertMany(later);
        try (FStoreHarness fstore = new FStoreHarness(work, props())) {
            read[1] = fstore.run("inc").rowsRead();
        }
        return read;
    }

    @Test
    void a_checkpoint_on_a_nested_date_field_survives_a_restart() throws Exception {
        List<Document> first = List.of(1, 2, 3, 4, 5).stream().map(i -> new Document("cust", "c" + i)
                .append("n", (long) i).append("meta", new Document("at", Date.from(T0.plusSeconds(i))))).toList();
        List<Document> later = List.of(6, 7).stream().map(i -> new Document("cust", "c" + i)
                .append("n", (long) i).append("meta", new Document("at", Date.from(T0.plusMillis(i * 1000L + 1)))))
                .toList();
        long[] read = twoRuns(group("inc", """
                  entity_key: cust
                  timestamp: meta.at
                  incremental: { column: meta.at }
                """, LONG_N), first, later);
        assertThat(read).containsExactly(5, 2);
        assertThat(P9.state(work.resolve("data"), "inc").path("checkpoint").path("value").asText())
                .isEqualTo(T0.plusMillis(7001).toString());
    }

    /** _id is the natural "only grows" field of a MongoDB collection. */
    @Test
    void a_checkpoint_on_an_object_id_reads_the_newer_documents() throws Exception {
        List<Document> first = List.of(1, 2, 3).stream().map(i -> event("c" + i, null, i).append("_id", new ObjectId()))
                .toList();
        Thread.sleep(1100); // ObjectIds of a later second
        List<Document> later = List.of(4, 5).stream().map(i -> event("c" + i, null, i).append("_id", new ObjectId()))
                .toList();
        long[] read = twoRuns(group("inc", """
                  entity_key: cust
                  timestamp: ts
                  incremental: { column: _id }
                """, LONG_N), first, later);
        assertThat(read).as("rows read by run 1 and run 2").containsExactly(3, 2);
    }

    /** Drivers write small integers as Int32 and large ones as Int64 into the same field. */
    @Test
    void a_checkpoint_on_a_field_holding_int32_and_int64_values() throws Exception {
        List<Document> first = List.of(event("c1", 1, 1), event("c2", 2, 2), event("c3", 3_000_000_000L, 3));
        List<Document> later = List.of(event("c4", 3_000_000_001L, 4));
        long[] read = twoRuns(group("inc", """
                  entity_key: cust
                  timestamp: ts
                  incremental: { column: seq }
                """, LONG_N), first, later);
        assertThat(read).containsExactly(3, 1);
    }

    /** The mongo shell and JavaScript/Python clients write numbers as doubles. */
    @Test
    void a_checkpoint_on_a_double_field() throws Exception {
        List<Document> first = List.of(event("c1", 1.0, 1), event("c2", 2.0, 2));
        List<Document> later = List.of(event("c3", 3.0, 3));
        long[] read = twoRuns(group("inc", """
                  entity_key: cust
                  timestamp: ts
                  incremental: { column: seq }
                """, LONG_N), first, later);
        assertThat(read).containsExactly(2, 1);
    }

    /** An event time in epoch seconds written by the shell is a double; timestamp_unit says it is seconds. */
    @Test
    void an_epoch_seconds_event_time_stored_as_a_double_is_read_with_its_declared_unit() throws Exception {
        collection().insertOne(new Document("cust", "c1").append("n", 1L).append("ts", 1.7e9));
        P9.feature(work, "epoch", group("epoch", """
                  entity_key: cust
                  timestamp: ts
                  timestamp_unit: seconds
                """, LONG_N));
        try (FStoreHarness fstore = new FStoreHarness(work, props())) {
            RunSummary run = fstore.run("epoch");
            assertThat(run.rowsQuarantined()).as("quarantined: %s", quarantine(fstore, "epoch")).isZero();
            assertThat(fstore.getJson("/features/epoch/c1").path("features").path("n").path("event_timestamp")
                    .asText()).isEqualTo("2023-11-14T22:13:20Z");
        }
    }

    private static final List<Map<String, Object>> SPIED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void no_fstore_or_component_request_header_reaches_a_sink_producer() throws Exception {
        collection().insertMany(List.of(event("c1", null, 1), event("c2", null, 2), event("c3", null, 3)));
        P9.feature(work, "leak", group("leak", """
                  entity_key: cust
                  timestamp: ts
                  incremental: { column: ts }
                """, LONG_N));
        Map<String, String> props = new java.util.HashMap<>(props());
        props.put("fstore.pipeline.sinks", "direct:sink.offline,direct:sink.online,direct:probe9.mspy");
        SPIED.clear();
        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            fstore.runtime().context().addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:probe9.mspy").routeId("probe9.mspy")
                            .process(e -> SPIED.add(new java.util.HashMap<>(e.getMessage().getHeaders())));
                }
            });
            assertThat(fstore.run("leak").rowsRead()).isEqualTo(3);
            collection().insertOne(event("c4", null, 4));
            assertThat(fstore.run("leak").rowsRead()).isEqualTo(1);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        SPIED.forEach(h -> names.addAll(h.keySet()));
        assertThat(SPIED).hasSize(3);
        // camel-mongodb producers read CamelMongoDbOperation & co.: a mongodb sink would run the source's findAll
        assertThat(names).as("headers that reached a sink: %s", names)
                .noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("fstore"))
                .noneMatch(n -> n.startsWith("CamelMongoDb"));
    }

    /** Neither the group nor the connection names a database (the URI does: mongodb://host/shop). */
    @Test
    void a_group_without_a_database_reads_the_database_of_the_connection_uri_or_is_refused_at_load() throws Exception {
        collection().insertOne(event("c1", null, 1));
        P9.feature(work, "nodb", group("nodb", """
                  entity_key: cust
                  timestamp: ts
                """, LONG_N));
        Map<String, String> props = Map.of("fstore.connection.docs.kind", "mongodb", "fstore.connection.docs.uri",
                MONGO.uri() + "/" + MONGO.databaseName(), "fstore.chunk-size", "2");
        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            assertThat(fstore.run("nodb").rowsRead()).isEqualTo(1);
        } catch (io.fstore.definition.InvalidDefinitionException e) {
            assertThat(e.getMessage()).contains("database");
        }
    }

    /**
     * An aggregate that computes each customer's total and newest update, read incrementally on that newest update
     * (the jdbc way: the checkpoint filters what the query returns). The second run must still see the totals over
     * every order, not over the new orders alone.
     */
    @Test
    void an_incremental_aggregate_filters_its_output_like_jdbc_not_its_input() throws Exception {
        collection().insertMany(List.of(
                new Document("cust", "c1").append("amount", 10L).append("ts", Date.from(T0.plusSeconds(1))),
                new Document("cust", "c1").append("amount", 20L).append("ts", Date.from(T0.plusSeconds(2))),
                new Document("cust", "c2").append("amount", 7L).append("ts", Date.from(T0.plusSeconds(3)))));
        P9.feature(work, "totals", group("totals", """
                  aggregate:
                    - { $group: { _id: "$cust", total: { $sum: "$amount" }, ts: { $max: "$ts" } } }
                  entity_key: _id
                  timestamp: ts
                  incremental: { column: ts }
                """, "  - { name: total, type: long }\n"));
        try (FStoreHarness fstore = new FStoreHarness(work, props())) {
            assertThat(fstore.run("totals").rowsRead()).isEqualTo(2);
            assertThat(fstore.getJson("/features/totals/c1").path("features").path("total").path("value").asLong())
                    .isEqualTo(30);
            collection().insertOne(new Document("cust", "c1").append("amount", 5L)
                    .append("ts", Date.from(T0.plusSeconds(4))));
            fstore.run("totals");
            assertThat(fstore.getJson("/features/totals/c1").path("features").path("total").path("value").asLong())
                    .as("c1's total over its three orders").isEqualTo(35);
        }
    }
}
