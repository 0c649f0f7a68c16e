package io.fstore.probe9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.pipeline.RetriableException;
import io.fstore.source.RunSummary;
import io.fstore.source.mongodb.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review #9: a mongodb group whose server goes away mid-run, and a retriable sink failure on a mongodb group. A
 * server of this class's own (TestMongo.dedicated) that the tests stop and start; it restarts empty, so the tests
 * insert the documents again.
 */
class MongoOutageProbeIT {

    @RegisterExtension
    static final TestMongo MONGO = TestMongo.dedicated();
    private static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");
    private static final int CUSTOMERS = 7;

    @TempDir(factory = P9.TempDirs.class)
    Path work;

    private static Document doc(int i) {
        return new Document("cust", new Document("id", "c" + (i % CUSTOMERS)))
                .append("n", (long) i * 10)
                .append("updated_at", Date.from(BASE.plusSeconds(i)));
    }

    private void insert(String database, int from, int to) {
        List<Document> docs = new ArrayList<>();
        for (int i = from; i < to; i++) {
            docs.add(doc(i));
        }
        MONGO.client().getDatabase(database).getCollection("events").insertMany(docs);
    }

    private String group(String name) {
        return "name: " + name + "\n"
                + "entity: { name: customer, key: customer_id }\n"
                + "source:\n"
                + "  kind: mongodb\n"
                + "  connection: docs\n"
                + "  database: " + MONGO.databaseName() + "\n"
                + "  collection: events\n"
                + "  batch_size: 10\n"
                + "  entity_key: cust.id\n"
                + "  timestamp: updated_at\n"
                + "  incremental: { column: updated_at }\n"
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "features:\n"
                + "  - { name: n, type: long }\n";
    }

    private Map<String, String> props() {
        Map<String, String> p = new HashMap<>();
        p.put("fstore.connection.docs.kind", "mongodb");
        p.put("fstore.connection.docs.uri", MONGO.uri() + "/?serverSelectionTimeoutMS=700&connectTimeoutMS=500");
        p.put("fstore.chunk-size", "10");
        p.put("fstore.retry.max-redeliveries", "1");
        p.put("fstore.retry.delay", "50");
        return p;
    }

    /** Newest n per customer over documents 0..count-1. */
    private static Map<String, Long> newest(int count) {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            out.put("c" + (i % CUSTOMERS), (long) i * 10);
        }
        return out;
    }

    private static Map<String, Long> online(FStoreHarness fstore, String group) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            JsonNode n = fstore.getJson("/features/" + group + "/c" + c).path("features").path("n");
            if (n.path("status").asText().equals("present")) {
                out.put("c" + c, n.path("value").asLong());
            }
        }
        return out;
    }

    @Test
    void a_server_that_goes_away_mid_run_fails_the_run_keeps_the_checkpoint_releases_the_group_and_the_next_run_converges()
            throws Exception {
        String db = MONGO.databaseName();
        insert(db, 0, 100);
        P9.feature(work, "outage", group("outage"));
        P9.HookedOnlineStore[] online = new P9.HookedOnlineStore[1];
        try (FStoreHarness fstore = new FStoreHarness(work, props(), s -> online[0] = new P9.HookedOnlineStore(s))) {
            // the server goes away while the third chunk is being stored
            online[0].after = n -> {
                if (n == 3) {
                    MONGO.stopServer();
                }
            };
            assertThatThrownBy(() -> fstore.run("outage")).isNotNull();

            JsonNode state = P9.state(fstore.dataDir, "outage");
            assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(state.path("lastRun").path("chunks").asInt()).isEqualTo(3);
            // chunk 3 holds documents 20..29; mid-run the checkpoint stops below the chunk's last value
            assertThat(state.path("checkpoint").path("value").asText()).isEqualTo(BASE.plusSeconds(28).toString());
            String firstRunId = state.path("lastRun").path("runId").asText();

            // not locked: the next trigger runs (and fails again while the server is away), checkpoint unmoved
            online[0].after = n -> { };
            assertThatThrownBy(() -> fstore.run("outage")).isNotNull();
            JsonNode again = P9.state(fstore.dataDir, "outage");
            assertThat(again.path("lastRun").path("runId").asText()).isNotEqualTo(firstRunId);
            assertThat(again.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(again.path("checkpoint").path("value").asText()).isEqualTo(BASE.plusSeconds(28).toString());

            // the server is back (empty: the documents are written again, and 5 new ones)
            MONGO.restartServer();
            insert(db, 0, 105);
            RunSummary next = fstore.run("outage");
            assertThat(next.status()).isEqualTo("succeeded");
            assertThat(next.rowsRead()).as("documents 29..104").isEqualTo(76);
            assertThat(next.checkpoint().get("value")).isEqualTo(BASE.plusSeconds(104).toString());
            assertThat(online(fstore, "outage")).isEqualTo(newest(105));
            List<Map<String, Object>> offline = fstore.duckdb("SELECT count(DISTINCT (customer_id, event_timestamp))"
                    + " AS versions FROM read_parquet('{offline}/outage/*/*.parquet')");
            assertThat(((Number) offline.get(0).get("versions")).longValue()).isEqualTo(105);
        }
    }

    @Test
    void a_retriable_sink_failure_on_a_mongodb_group_is_redelivered_and_the_run_succeeds() throws Exception {
        String db = MONGO.databaseName();
        insert(db, 0, 50);
        P9.feature(work, "blip", group("blip"));
        P9.HookedOnlineStore[] online = new P9.HookedOnlineStore[1];
        try (FStoreHarness fstore = new FStoreHarness(work, props(), s -> online[0] = new P9.HookedOnlineStore(s))) {
            online[0].before = n -> {
                if (n == 2) {
                    throw new RetriableException("online store blip (probe)", null);
                }
            };
            RunSummary run = fstore.run("blip");

            assertThat(run.status()).isEqualTo("succeeded");
            assertThat(run.rowsRead()).isEqualTo(50);
            assertThat(run.chunks()).isEqualTo(5);
            assertThat(online[0].writes("blip")).as("5 chunks, the second twice").isEqualTo(6);
            assertThat(run.checkpoint().get("value")).isEqualTo(BASE.plusSeconds(49).toString());
            assertThat(online(fstore, "blip")).isEqualTo(newest(50));
        }
    }

    @Test
    void a_source_outage_at_the_start_of_a_run_is_retried_and_recovers_when_the_server_is_back() throws Exception {
        String db = MONGO.databaseName();
        insert(db, 0, 30);
        P9.feature(work, "late", group("late"));
        try (GateProxy proxy = new GateProxy(MONGO.port())) {
            Map<String, String> props = props();
            props.put("fstore.connection.docs.uri", "mongodb://127.0.0.1:" + proxy.port()
                    + "/?serverSelectionTimeoutMS=700&connectTimeoutMS=500");
            props.put("fstore.retry.max-redeliveries", "6");
            props.put("fstore.retry.delay", "300");
            props.put("fstore.retry.backoff-multiplier", "1");
            try (FStoreHarness fstore = new FStoreHarness(work, props)) {
                assertThat(fstore.run("late").rowsRead()).isEqualTo(30);
                insert(db, 30, 40);
                proxy.shut();
                Thread back = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    proxy.open();
                });
                back.start();
                long started = System.nanoTime();
                RunSummary run = fstore.run("late");
                back.join();

                assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("it waited for the server")
                        .isGreaterThan(java.time.Duration.ofMillis(1400));
                assertThat(run.status()).isEqualTo("succeeded");
                assertThat(run.rowsRead()).as("documents 30..39").isEqualTo(10);
                assertThat(online(fstore, "late")).isEqualTo(newest(40));
            }
        }
    }

}
