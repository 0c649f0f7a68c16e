package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.fstore.it.FStoreHarness;
import io.fstore.routes.ScriptedOnlineStore.Step;
import io.fstore.serving.CapturedLogs;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network blip between FStore and its PostgreSQL source: the connection is reset (RST, through a TCP proxy) while a
 * run uses it. A reset while the query runs is retriable: the request is redelivered and the run succeeds, having
 * read every row. A reset while rows stream fails the run at its last checkpoint, and the group runs again from it.
 */
class SourceConnectionResetIT {

    private static final int ROWS = 300;

    @TempDir(factory = Orders.TempDirs.class)
    Path work;
    private Orders orders;
    private CuttableProxy proxy;
    private CapturedLogs logs;

    @BeforeEach
    void seed() throws Exception {
        orders = Orders.create("reset", ROWS);
        URI pg = URI.create(orders.url.substring("jdbc:".length()));
        proxy = new CuttableProxy(pg.getHost(), pg.getPort());
        logs = new CapturedLogs();
    }

    @AfterEach
    void drop() throws Exception {
        try (Orders o = orders; CuttableProxy p = proxy; CapturedLogs l = logs) {
            // all closed
        }
    }

    private FStoreHarness start(String query, Map<String, List<Step>> script) throws Exception {
        Orders.write(work.resolve("features"), "blip", orders.group("blip", "pg", query,
                "  incremental: { column: ts }\n", "schedule: \"0 0 0 1 1 ? 2099\""));
        Map<String, String> props = new HashMap<>();
        props.put("fstore.connection.pg.kind", "jdbc");
        props.put("fstore.connection.pg.url", orders.url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
        props.put("fstore.chunk-size", "50");
        props.put("fstore.retry.delay", "50");
        return new FStoreHarness(work, props, store -> new ScriptedOnlineStore(store, script));
    }

    @Test
    void a_connection_reset_while_the_query_runs_is_redelivered_and_the_run_succeeds() throws Exception {
        try (FStoreHarness fstore = start("SELECT customer_id, amount, ts FROM %s CROSS JOIN pg_sleep(1)", Map.of())) {
            AtomicInteger cut = new AtomicInteger();
            Thread cutter = new Thread(() -> {
                try {
                    awaitActiveQuery(orders.table);
                    cut.set(proxy.cut());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            cutter.start();
            RunSummary run = fstore.run("blip");
            cutter.join();

            assertThat(cut.get()).as("connections reset").isPositive();
            assertThat(run.status()).isEqualTo("succeeded");
            assertThat(run.rowsRead()).isEqualTo(ROWS);
            assertThat(Orders.onlineAmounts(fstore, "blip")).isEqualTo(Orders.newestAmounts(ROWS));
            assertThat(logs.lines()).as("the reset was retried").anySatisfy(l -> assertThat(l.text())
                    .startsWith("Failed delivery for").contains("An I/O error occurred while sending to the backend"));
        }
    }

    /**
     * A stream cannot be resumed where it broke, and running the split again over it would end the run early as if it
     * had read everything: the run fails at the checkpoint of its last stored chunk, and, the cause being a network
     * blip, the group runs again from that checkpoint by itself after a backoff (its schedule is 2099), reading the rest.
     */
    @Test
    void a_connection_reset_while_rows_stream_fails_the_run_and_the_group_runs_again_from_its_checkpoint_by_itself()
            throws Exception {
        // rows come in fetches of 50 (the chunk size); the reset comes while chunk 1 is being stored
        AtomicInteger cut = new AtomicInteger();
        try (FStoreHarness fstore = start("SELECT customer_id, amount, ts FROM %s",
                Map.of("blip", List.of(new Step(1, () -> cut.set(proxy.cut()), null))))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fstore.run("blip")).isNotNull();
            assertThat(cut.get()).as("connections reset").isPositive();

            com.fasterxml.jackson.databind.JsonNode state = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                state = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(fstore.dataDir.resolve("state/blip.json").toFile());
                if ("succeeded".equals(state.path("lastRun").path("status").asText())) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(state.path("lastRun").path("status").asText()).as("run again by itself").isEqualTo("succeeded");
            assertThat(state.path("lastRun").path("rowsRead").asLong()).as("only what the broken run had not stored")
                    .isPositive().isLessThan(ROWS);
            assertThat(state.path("checkpoint").path("value").asText()).isEqualTo(Orders.ts(ROWS));
            assertThat(logs.lines()).as("a broken stream is not redelivered").noneSatisfy(l ->
                    assertThat(l.text()).startsWith("Failed delivery for").contains("reading the source"));
            assertThat(logs.lines()).anySatisfy(l -> assertThat(l.text()).startsWith("Group blip: its source's stream "
                    + "broke").contains("starts again from its checkpoint"));
            assertThat(Orders.onlineAmounts(fstore, "blip")).isEqualTo(Orders.newestAmounts(ROWS));
            assertThat(Orders.offline(fstore, "blip").get("versions")).as("no row lost").isEqualTo((long) ROWS);
        }
    }

    /** Waits until PostgreSQL runs a query naming the table. */
    private void awaitActiveQuery(String table) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (Connection c = DriverManager.getConnection(orders.url); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                        + "AND pid <> pg_backend_pid() AND query LIKE '%" + table + "%'")) {
                    r.next();
                    if (r.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the run's query never started");
    }
}
