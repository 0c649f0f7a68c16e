package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import io.fstore.probe9.GateProxy;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node goes away in the middle of a run (FStore reaches it through a {@link GateProxy} that is shut once the run
 * has committed a checkpoint): the run is recorded failed, the checkpoint stays where the last stored chunk left it,
 * and once the node is back the next run reads on from there to the end.
 */
class CassandraNodeLossIT {

    private static final TestCassandra CASSANDRA = TestCassandra.shared();
    private static final int ROWS = 3000;

    @TempDir
    Path work;
    private String keyspace;
    private GateProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        keyspace = CASSANDRA.newKeyspace("loss");
        proxy = new GateProxy(CASSANDRA.port()); // on 127.0.0.1
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        CASSANDRA.dropKeyspace(keyspace);
    }

    @Test
    void a_node_lost_mid_run_fails_the_run_keeps_the_stored_checkpoint_and_the_next_run_converges() throws Exception {
        CASSANDRA.session().execute("CREATE TABLE " + keyspace + ".readings (sensor int, ts timestamp, id text, "
                + "v bigint, PRIMARY KEY ((sensor), ts))");
        PreparedStatement insert = CASSANDRA.session().prepare("INSERT INTO " + keyspace
                + ".readings (sensor, ts, id, v) VALUES (1, ?, ?, ?)");
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        for (int from = 0; from < ROWS; from += 100) {
            BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
            for (int i = from; i < from + 100; i++) {
                batch.addStatement(insert.bind(t0.plusSeconds(i), "s" + (i % 50), (long) i));
            }
            CASSANDRA.session().execute(batch.build());
        }
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features/readings.yaml"), "name: readings\n"
                + "entity: { name: sensor, key: id }\n"
                + "source:\n  kind: cassandra\n  connection: cass\n"
                + "  query: SELECT id, ts, v FROM readings WHERE sensor = ? ORDER BY ts\n"
                + "  bind: [1]\n  fetch_size: 2\n  timestamp: ts\n  incremental: { column: ts }\n"
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "features:\n  - { name: v, type: long }\n");
        Map<String, String> props = new java.util.HashMap<>(CASSANDRA.connection("cass"));
        props.putAll(Map.of("fstore.connection.cass.contact-points", "127.0.0.1:" + proxy.port(),
                "fstore.connection.cass.keyspace", keyspace, "fstore.connection.cass.connect-timeout", "2",
                "fstore.chunk-size", "5", "fstore.retry.max-redeliveries", "0"));
        Path state = work.resolve("data/state/readings.json");
        ObjectMapper json = new ObjectMapper();

        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> fstore.run("readings"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!committed(json, state) && !run.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            proxy.shut();
            assertThat(run).failsWithin(Duration.ofSeconds(60));

            JsonNode after = json.readTree(state.toFile());
            assertThat(after.path("lastRun").path("status").asText()).isEqualTo("failed");
            Instant checkpoint = Instant.parse(after.path("checkpoint").path("value").asText());
            long stored = after.path("lastRun").path("rowsStored").asLong();
            assertThat(stored).as("cut part-way").isBetween(1L, ROWS - 1L);
            // ordered by ts: the checkpoint is below the newest stored row, never past what was stored
            assertThat(checkpoint).isBefore(t0.plusSeconds(stored));

            assertThat(readiness(fstore, json)).as("the ping of a lost node").isEqualTo("DOWN");

            proxy.open();
            // the driver reconnects on its own schedule (1 s doubling); readiness shows when the node answers again
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!readiness(fstore, json).equals("UP") && System.nanoTime() < until) {
                Thread.sleep(250);
            }
            RunSummary next = fstore.run("readings");

            assertThat(next.status()).isEqualTo("succeeded");
            assertThat(next.checkpoint().get("value")).isEqualTo(t0.plusSeconds(ROWS - 1).toString());
            long unread = ROWS - (checkpoint.getEpochSecond() - t0.getEpochSecond() + 1);
            assertThat(next.rowsRead()).as("from the checkpoint to the end").isEqualTo(unread);
            for (int s = 0; s < 50; s += 7) {
                long newest = ROWS - 50 + s;
                assertThat(fstore.getJson("/features/readings/s" + s).get("features").get("v").get("value")
                        .asLong()).isEqualTo(newest);
            }
        }
    }

    /** The status of the readiness check of connection cass. */
    private static String readiness(FStoreHarness fstore, ObjectMapper json) throws Exception {
        JsonNode body = json.readTree(fstore.getManagement("/observe/health/ready?exposureLevel=full").body());
        for (JsonNode check : body.get("checks")) {
            if (check.get("name").asText().equals("connection:cass")) {
                return check.get("status").asText();
            }
        }
        return "absent";
    }

    private static boolean committed(ObjectMapper json, Path state) {
        try {
            return Files.exists(state)
                    && !json.readTree(state.toFile()).path("checkpoint").path("value").isMissingNode();
        } catch (Exception e) {
            return false; // being written
        }
    }
}
