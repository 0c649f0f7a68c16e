package io.fstore.probe9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.source.RunSummary;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review #9 on a jdbc group (H2 in memory, alive while the test holds a connection): state files of FStore 0.1, the
 * older fstore.datasource.* and source.datasource keys, the sink list as data, and which headers reach a sink.
 */
class JdbcPipelineProbeIT {

    private static final Instant T0 = Instant.parse("2024-02-01T00:00:00Z");

    @TempDir(factory = P9.TempDirs.class)
    Path work;
    private String url;
    private Connection keepAlive;

    @BeforeEach
    void database() throws Exception {
        url = "jdbc:h2:mem:probe9_" + Long.toHexString(System.nanoTime());
        keepAlive = DriverManager.getConnection(url);
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(20), amount BIGINT, ts TIMESTAMP)");
        }
        insert(1, 10);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        keepAlive.close(); // the in-memory database goes with its last connection
    }

    private void insert(int from, int to) throws Exception {
        try (PreparedStatement p = keepAlive.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
            for (int i = from; i <= to; i++) {
                p.setString(1, "c" + (i % 3));
                p.setLong(2, i * 100L);
                p.setTimestamp(3, Timestamp.valueOf(LocalDateTime.ofInstant(T0.plusSeconds(60L * i), ZoneOffset.UTC)));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static String group(String name, String connectionKey, boolean incremental) {
        return "name: " + name + "\n"
                + "entity: { name: customer, key: customer_id }\n"
                + "source:\n"
                + "  kind: jdbc\n"
                + "  " + connectionKey + ": dw\n"
                + "  query: SELECT customer_id, amount, ts FROM orders\n"
                + "  timestamp: ts\n"
                + (incremental ? "  incremental: { column: ts }\n" : "")
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "features:\n"
                + "  - { name: amount, type: long }\n";
    }

    private Map<String, String> connection(boolean legacy) {
        Map<String, String> p = new HashMap<>();
        if (legacy) {
            p.put("fstore.datasource.dw.url", url);
        } else {
            p.put("fstore.connection.dw.kind", "jdbc");
            p.put("fstore.connection.dw.url", url);
        }
        p.put("fstore.chunk-size", "4");
        return p;
    }

    @Test
    void a_state_file_of_fstore_0_1_with_a_watermark_is_resumed_with_the_older_connection_keys() throws Exception {
        P9.feature(work, "legacy", group("legacy", "datasource", true));
        Path state = Files.createDirectories(work.resolve("data/state")).resolve("legacy.json");
        String watermark = "{ \"column\" : \"ts\", \"type\" : \"timestamp\", \"value\" : \"" + T0.plusSeconds(300)
                + "\" }";
        Files.writeString(state, "{\n  \"watermark\" : " + watermark + ",\n  \"lastRun\" : {\n"
                + "    \"group\" : \"legacy\", \"status\" : \"succeeded\", \"startedAt\" : \"2024-02-02T00:00:00Z\",\n"
                + "    \"finishedAt\" : \"2024-02-02T00:00:01Z\", \"rowsRead\" : 5, \"rowsStored\" : 5,\n"
                + "    \"rowsQuarantined\" : 0, \"chunks\" : 2, \"watermark\" : " + watermark + ",\n"
                + "    \"runId\" : \"ABC-0000\", \"leaseExpiresAt\" : \"2024-02-02T01:00:00Z\", \"error\" : null\n"
                + "  }\n}\n");
        try (FStoreHarness fstore = new FStoreHarness(work, connection(true))) {
            RunSummary run = fstore.run("legacy");

            assertThat(run.rowsRead()).as("rows 6..10 only").isEqualTo(5);
            assertThat(run.checkpoint().values()).containsEntry("field", "ts")
                    .containsEntry("value", T0.plusSeconds(600).toString());
            JsonNode saved = P9.state(fstore.dataDir, "legacy");
            assertThat(saved.path("checkpoint").path("value").asText()).isEqualTo(T0.plusSeconds(600).toString());
        }
    }

    /** State files written before #4 also had peakHeapBytes in lastRun. */
    @Test
    void a_state_file_with_the_older_peak_heap_field_is_resumed() throws Exception {
        P9.feature(work, "older", group("older", "datasource", true));
        Path state = Files.createDirectories(work.resolve("data/state")).resolve("older.json");
        String watermark = "{ \"column\" : \"ts\", \"type\" : \"timestamp\", \"value\" : \"" + T0.plusSeconds(300)
                + "\" }";
        Files.writeString(state, "{ \"watermark\" : " + watermark + ", \"lastRun\" : { \"group\" : \"older\", "
                + "\"status\" : \"succeeded\", \"startedAt\" : \"2024-02-02T00:00:00Z\", \"finishedAt\" : "
                + "\"2024-02-02T00:00:01Z\", \"rowsRead\" : 5, \"rowsStored\" : 5, \"rowsQuarantined\" : 0, "
                + "\"chunks\" : 2, \"watermark\" : " + watermark + ", \"peakHeapBytes\" : 1234, \"error\" : null } }");
        try (FStoreHarness fstore = new FStoreHarness(work, connection(true))) {
            assertThat(fstore.run("older").rowsRead()).isEqualTo(5);
        }
    }

    private static final List<Map<String, Object>> SPIED = new CopyOnWriteArrayList<>();

    private static void spy(FStoreHarness fstore) throws Exception {
        SPIED.clear();
        fstore.runtime().context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:probe9.spy").routeId("probe9.spy")
                        .process(e -> SPIED.add(new HashMap<>(e.getMessage().getHeaders())));
            }
        });
    }

    @Test
    void no_fstore_header_reaches_a_sink_producer() throws Exception {
        P9.feature(work, "leak", group("leak", "connection", true));
        Map<String, String> props = connection(false);
        props.put("fstore.pipeline.sinks", "direct:sink.offline,direct:sink.online,direct:probe9.spy");
        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            spy(fstore);
            assertThat(fstore.run("leak").rowsRead()).isEqualTo(10);
            insert(11, 14);
            assertThat(fstore.run("leak").rowsRead()).as("the second run has a checkpoint").isEqualTo(4);

            Set<String> names = new TreeSet<>();
            SPIED.forEach(h -> names.addAll(h.keySet()));
            assertThat(SPIED).hasSize(4);
            assertThat(names).as("headers that reached a sink: %s", names)
                    .noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("fstore"));
        }
    }

    @Test
    void the_sink_list_edited_to_the_online_store_alone_stores_online_and_writes_no_parquet() throws Exception {
        P9.feature(work, "online_only", group("online_only", "connection", true));
        Map<String, String> props = connection(false);
        props.put("fstore.pipeline.sinks", "direct:sink.online");
        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            RunSummary run = fstore.run("online_only");

            assertThat(run.status()).isEqualTo("succeeded");
            assertThat(run.rowsStored()).isEqualTo(10);
            assertThat(fstore.getJson("/features/online_only/c1").path("features").path("amount").path("value")
                    .asLong()).isEqualTo(1000);
            assertThat(Files.exists(fstore.dataDir.resolve("offline/online_only"))).isFalse();
        }
    }

    @Test
    void a_sink_that_names_no_route_fails_each_run_at_once_naming_the_endpoint() throws Exception {
        P9.feature(work, "nowhere", group("nowhere", "connection", true));
        Map<String, String> props = connection(false);
        props.put("fstore.pipeline.sinks", "direct:sink.online,direct:sink.ofline");
        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> fstore.run("nowhere")).isNotNull();

            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(10));
            com.fasterxml.jackson.databind.JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(fstore.dataDir.resolve("state/nowhere.json").toFile());
            assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(state.path("lastRun").path("error").asText()).contains("direct://sink.ofline");
        }
    }

    /** The chunk route needs no bounded run: a never-ending consumer sends chunks with the group property only. */
    @Test
    void a_chunk_sent_without_a_run_is_normalized_stored_and_its_bad_records_quarantined() throws Exception {
        P9.feature(work, "pushed", group("pushed", "connection", true));
        try (FStoreHarness fstore = new FStoreHarness(work, connection(false))) {
            Map<String, Object> good = new HashMap<>(Map.of("customer_id", "p1", "amount", 42L,
                    "ts", T0.plusSeconds(5)));
            Map<String, Object> bad = new HashMap<>(Map.of("customer_id", "p2", "ts", T0));
            org.apache.camel.ProducerTemplate producer = fstore.runtime().context().createProducerTemplate();
            producer.send("direct:fstore.chunk", e -> {
                e.setProperty("fstoreGroup", "pushed");
                e.getMessage().setBody(new io.fstore.source.SourceChunk(List.of(good, bad), null));
            });
            JsonNode amount = fstore.getJson("/features/pushed/p1").path("features").path("amount");
            assertThat(amount.path("value").asLong()).isEqualTo(42);
            assertThat(amount.path("event_timestamp").asText()).isEqualTo(T0.plusSeconds(5).toString());
            assertThat(fstore.duckdb("SELECT amount FROM read_parquet('{offline}/pushed/*/*.parquet')"))
                    .extracting(r -> ((Number) r.get("amount")).longValue()).containsExactly(42L);
            assertThat(Files.exists(fstore.dataDir.resolve("state/pushed.json"))).as("no run, no state").isFalse();
            try (var files = Files.walk(fstore.dataDir.resolve("quarantine/pushed"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).count()).isEqualTo(1);
            }
        }
    }
}
