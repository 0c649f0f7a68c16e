package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.store.offline.OfflineRows;
import io.fstore.store.offline.ParquetOfflineStore;
import io.fstore.store.online.EmbeddedOnlineStore;
import io.fstore.store.online.StoredValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills FStore (SIGKILL) in the middle of an incremental run against PostgreSQL, restarts it, and shows that no row
 * is lost in Parquet, repeats are removed on read, and every online value is the newest.
 */
class KillAndResumeIT {

    private static final int ROWS = 250_000;
    private static final int CUSTOMERS = 500;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_run_killed_mid_way_resumes_from_its_watermark_without_losing_a_row(@TempDir Path work) throws Exception {
        String url = TestDatabases.postgres();
        String table = "kill_orders_" + System.nanoTime() % 1_000_000;
        // three orders share each timestamp, so ties straddle chunk boundaries
        TestDatabases.execute(url, "CREATE TABLE " + table + " AS SELECT i AS order_id, 'c' || (i % " + CUSTOMERS + ") AS customer_id, "
                + "((i * 7919) % 100000) / 100.0 AS amount, TIMESTAMP '2024-01-01' + (i / 3) * INTERVAL '1 second' "
                + "AS created_at FROM generate_series(1, " + ROWS + ") AS i");
        Files.writeString(work.resolve("application.properties"), String.join("\n",
                "fstore.datasource.pg.url = " + url, "fstore.chunk-size = 1000", "fstore.demo.seed = false",
                "camel.server.port = " + FStoreHarness.freePort(), ""));
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features/order_amount.yaml"), """
                name: order_amount
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id AS entity_id, amount AS value, created_at AS ts FROM %s
                  timestamp: ts
                  incremental: { column: ts }
                update_frequency: 1d
                run_on_start: true
                features:
                  - { name: amount, type: double }
                """.formatted(table));
        Path state = work.resolve("data/state/order_amount.json");

        Process first = ChildFStore.start(work, "first.log");
        JsonNode atKill = waitFor(state, s -> s.path("checkpoint").has("value")
                && s.path("lastRun").path("rowsStored").asLong() >= 10_000
                && "running".equals(s.path("lastRun").path("status").asText()), first);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        JsonNode killed = json.readTree(state.toFile());
        assertThat(killed.path("lastRun").path("status").asText()).as("killed mid-run").isEqualTo("running");
        long storedBeforeKill = parquetRows(work);
        assertThat(storedBeforeKill).as("some chunks were stored, not all").isPositive().isLessThan(ROWS);

        Process second = ChildFStore.start(work, "second.log");
        JsonNode done = waitFor(state, s -> "succeeded".equals(s.path("lastRun").path("status").asText()), second);
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Map<String, Object> offline = DuckDb.query(work.resolve("data/offline"), """
                SELECT count(*) AS raw_rows,
                       count(DISTINCT (customer_id, event_timestamp)) AS distinct_rows
                FROM read_parquet('{offline}/order_amount/*/*.parquet')""").get(0);
        long rawRows = (Long) offline.get("raw_rows");
        System.out.printf("kill/resume: killed after %d of %d rows were in Parquet (watermark %s); resumed from it; "
                + "%d rows re-read and stored twice%n", storedBeforeKill, ROWS, atKill.path("checkpoint").path("value")
                .asText(), rawRows - ROWS);
        assertThat(offline.get("distinct_rows")).isEqualTo((long) ROWS);
        assertThat(done.path("lastRun").path("rowsRead").asLong()).as("the restart did not start from scratch")
                .isLessThan(ROWS);

        FeatureGroup group = new FeatureGroup("order_amount", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "pg", "", "ts", java.util.Optional.of("ts")), new Trigger.Cron("0 0 0 * * ?"),
                false, java.time.Duration.ZERO, List.of(Feature.of("amount", ValueType.DOUBLE)));
        try (ParquetOfflineStore offlineStore = new ParquetOfflineStore(work.resolve("data/offline"), "SNAPPY");
             OfflineRows rows = offlineStore.read(group)) {
            long read = 0;
            for (; rows.hasNext(); rows.next()) {
                read++;
            }
            assertThat(read).as("every source row once after deduplication").isEqualTo(ROWS);
        }

        Map<String, double[]> newest = newestPerCustomer(url, table);
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(work.resolve("data/online/embedded"))) {
            List<String> ids = new ArrayList<>(newest.keySet());
            List<Map<String, StoredValue>> values = store.read("order_amount", ids, List.of("amount"));
            for (int i = 0; i < ids.size(); i++) {
                StoredValue v = values.get(i).get("amount");
                assertThat((Double) v.value()).as(ids.get(i)).isEqualTo(newest.get(ids.get(i))[0]);
                assertThat(v.eventTimestamp()).isEqualTo(Instant.ofEpochSecond((long) newest.get(ids.get(i))[1]));
            }
        }
        TestDatabases.execute(url, "DROP TABLE " + table);
    }

    private long parquetRows(Path work) throws Exception {
        return (Long) DuckDb.query(work.resolve("data/offline"),
                "SELECT count(*) AS n FROM read_parquet('{offline}/order_amount/*/*.parquet')").get(0).get("n");
    }

    private static Map<String, double[]> newestPerCustomer(String url, String table) throws Exception {
        Map<String, double[]> newest = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT ON (customer_id) customer_id, amount, "
                     + "EXTRACT(EPOCH FROM created_at) AS ts FROM " + table + " ORDER BY customer_id, created_at DESC")) {
            while (rs.next()) {
                newest.put(rs.getString(1), new double[] {rs.getBigDecimal(2).doubleValue(),
                        rs.getBigDecimal(3).setScale(0, java.math.RoundingMode.UNNECESSARY).doubleValue()});
            }
        }
        return newest;
    }

    private JsonNode waitFor(Path state, java.util.function.Predicate<JsonNode> condition, Process process)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("FStore exited with " + process.exitValue() + " before the expected state");
            }
            if (Files.exists(state)) {
                try {
                    JsonNode node = json.readTree(state.toFile());
                    if (condition.test(node)) {
                        return node;
                    }
                } catch (java.io.IOException partialRead) {
                    // replaced while we read it: read again
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("timed out waiting for the run state in " + state);
    }
}
