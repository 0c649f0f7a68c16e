package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.runtime.DataDirLock;
import io.fstore.source.RunSummary;
import io.fstore.store.online.OnlineStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that fail must fail safely: whatever breaks (a sink, an {@link Error}, too much bad data), the run is recorded
 * as failed, its group is released, the checkpoint does not pass the failed chunk, and the next run converges to the
 * source in both stores. Source: 300 orders on real PostgreSQL, read incrementally in chunks of 50.
 */
class RunSafetyIT {

    private static final int ROWS = 300;
    private static final int CUSTOMERS = 30;
    private static final String GROUP = "safety";

    @TempDir
    Path work;
    private String url;
    private String table;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void seed() throws Exception {
        url = TestDatabases.postgres();
        table = "safety_orders_" + System.nanoTime() % 1_000_000;
        TestDatabases.execute(url, "CREATE TABLE " + table + " AS SELECT i, 'c' || (i % " + CUSTOMERS + ") AS customer_id, "
                + "i * 1.5 AS amount, TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts "
                + "FROM generate_series(1, " + ROWS + ") AS i");
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features/" + GROUP + ".yaml"), """
                name: safety
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts FROM %s
                  timestamp: ts
                  incremental: { column: ts }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: double }
                """.formatted(table));
    }

    @AfterEach
    void dropTable() throws Exception {
        TestDatabases.execute(url, "DROP TABLE IF EXISTS " + table);
    }

    private FStoreHarness start(UnaryOperator<OnlineStore> decorate) throws Exception {
        return new FStoreHarness(work, Map.of("fstore.datasource.pg.url", url, "fstore.chunk-size", "50"), decorate);
    }

    @Test
    void a_failing_offline_sink_fails_the_run_releases_the_group_and_the_next_run_converges() throws Exception {
        try (FStoreHarness fstore = start(UnaryOperator.identity())) {
            Path groupFolder = fstore.dataDir.resolve("offline").resolve(GROUP);
            Files.createDirectories(groupFolder.getParent());
            Files.writeString(groupFolder, "a file where the group's folder should be: every Parquet write fails");

            assertThatThrownBy(() -> fstore.run(GROUP)).hasStackTraceContaining(groupFolder.toString());
            JsonNode failed = state(fstore);
            assertThat(failed.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("lastRun").path("error").asText()).contains(groupFolder.toString());
            assertThat(failed.path("checkpoint").isMissingNode() || failed.path("checkpoint").isNull())
                    .as("no chunk was stored in both sinks: no checkpoint").isTrue();
            assertThat(failed.path("lastRun").has("peakHeapBytes"))
                    .as("no JVM-wide heap figure passed off as the run's own").isFalse();

            Files.delete(groupFolder);
            RunSummary next = fstore.run(GROUP);
            assertThat(next.status()).as("the group is not locked").isEqualTo("succeeded");
            assertThat(next.rowsRead()).isEqualTo(ROWS);
            assertBothStoresEqualTheSource(fstore);
        }
    }

    @Test
    void an_online_outage_mid_run_keeps_the_checkpoint_before_the_failed_chunk() throws Exception {
        try (FStoreHarness fstore = start(store -> new FailingOnlineStore(store, 3,
                () -> new IllegalStateException("Online store write failed: connection refused")))) {
            assertThatThrownBy(() -> fstore.run(GROUP)).hasStackTraceContaining("connection refused");
            JsonNode failed = state(fstore);
            assertThat(failed.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("lastRun").path("error").asText()).contains("connection refused");
            // chunks 1 and 2 (rows 1..100) are stored; row 100's value may continue in chunk 3, so the checkpoint
            // stops at row 99
            assertThat(failed.path("checkpoint").path("value").asText()).isEqualTo("2024-01-01T01:39:00Z");

            RunSummary next = fstore.run(GROUP);
            assertThat(next.status()).isEqualTo("succeeded");
            assertThat(next.rowsRead()).as("resumed after row 99").isEqualTo(ROWS - 99);
            assertBothStoresEqualTheSource(fstore);
        }
    }

    @Test
    void a_redis_server_stopped_mid_run_fails_the_run_and_the_run_after_its_restart_converges() throws Exception {
        int port = FStoreHarness.freePort();
        Path redisDir = Files.createDirectories(work.resolve("redis"));
        java.util.function.Supplier<redis.embedded.RedisServer> newRedis = () -> {
            try {
                return redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("dir " + redisDir).setting("appendonly yes").setting("save \"\"").build();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        redis.embedded.RedisServer[] server = {newRedis.get()};
        server[0].start();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        UnaryOperator<OnlineStore> stopRedisOnThirdChunk = store -> new FailingOnlineStore(store, Integer.MAX_VALUE,
                () -> null) {
            @Override
            public void writeRows(io.fstore.model.FeatureGroup g, List<io.fstore.model.FeatureRow> rows,
                                  java.time.Instant at) {
                if (writes.incrementAndGet() == 3) {
                    stopQuietly(server[0]);
                }
                store.writeRows(g, rows, at);
            }
        };
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", url,
                "fstore.chunk-size", "50", "fstore.online.type", "redis",
                "fstore.online.redis.url", "redis://127.0.0.1:" + port), stopRedisOnThirdChunk)) {
            assertThatThrownBy(() -> fstore.run(GROUP)).hasStackTraceContaining("Redis at 127.0.0.1:" + port);
            JsonNode failed = state(fstore);
            assertThat(failed.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("checkpoint").path("value").asText()).isEqualTo("2024-01-01T01:39:00Z");

            server[0] = newRedis.get();
            server[0].start();
            RunSummary next = fstore.run(GROUP);
            assertThat(next.status()).isEqualTo("succeeded");
            assertThat(next.rowsRead()).isEqualTo(ROWS - 99);
            assertBothStoresEqualTheSource(fstore);
        } finally {
            stopQuietly(server[0]);
        }
    }

    private static void stopQuietly(redis.embedded.RedisServer server) {
        try {
            server.stop();
        } catch (java.io.IOException ignored) {
            // already stopped
        }
    }

    @Test
    void an_error_thrown_by_a_sink_fails_the_run_and_releases_the_group() throws Exception {
        try (FStoreHarness fstore = start(store -> new FailingOnlineStore(store, 1, StackOverflowError::new))) {
            assertThatThrownBy(() -> fstore.run(GROUP)).hasStackTraceContaining("StackOverflowError");
            JsonNode failed = state(fstore);
            assertThat(failed.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("lastRun").path("error").asText()).startsWith("StackOverflowError");

            RunSummary next = fstore.run(GROUP);
            assertThat(next.status()).as("the group is not locked").isEqualTo("succeeded");
            assertBothStoresEqualTheSource(fstore);
        }
    }

    @Test
    void a_run_that_quarantines_more_than_its_limit_fails_with_the_checkpoint_before_the_bad_rows() throws Exception {
        TestDatabases.execute(url, "UPDATE " + table + " SET customer_id = NULL WHERE i > 150");
        try (FStoreHarness fstore = start(UnaryOperator.identity())) {
            assertThatThrownBy(() -> fstore.run(GROUP)).hasStackTraceContaining("quarantined");
            JsonNode failed = state(fstore);
            assertThat(failed.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("lastRun").path("error").asText())
                    .contains("50 of 200 rows read so far are quarantined")
                    .contains("entity key customer_id is null");
            assertThat(failed.path("checkpoint").path("value").asText()).isEqualTo("2024-01-01T02:29:00Z");
            assertThat(quarantinedLines(fstore))
                    .as("the failed chunk is read again by the next run: no copy of its rows is left in quarantine")
                    .isZero();

            TestDatabases.execute(url, "UPDATE " + table + " SET customer_id = 'c' || (i % " + CUSTOMERS + ") "
                    + "WHERE customer_id IS NULL");
            RunSummary fixed = fstore.run(GROUP);
            assertThat(fixed.status()).isEqualTo("succeeded");
            assertThat(fixed.rowsRead()).as("the rows after the checkpoint are read again").isEqualTo(ROWS - 149);
            assertThat(fixed.rowsQuarantined()).isZero();
            assertBothStoresEqualTheSource(fstore);
        }
    }

    @Test
    void a_few_bad_rows_within_the_limit_are_quarantined_and_the_run_succeeds() throws Exception {
        TestDatabases.execute(url, "UPDATE " + table + " SET customer_id = NULL WHERE i IN (10, 20, 30)");
        try (FStoreHarness fstore = start(UnaryOperator.identity())) {
            RunSummary run = fstore.run(GROUP);
            assertThat(run.status()).isEqualTo("succeeded");
            assertThat(run.rowsQuarantined()).isEqualTo(3);
            assertThat(run.rowsStored()).isEqualTo(ROWS - 3);
            assertThat(quarantinedLines(fstore)).isEqualTo(3);
        }
    }

    @Test
    void a_hung_query_times_out_after_the_source_timeout_and_releases_the_group() throws Exception {
        Files.writeString(work.resolve("features/slow.yaml"), """
                name: slow
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts FROM %s, pg_sleep(60)
                  timestamp: ts
                  timeout: 1s
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: double }
                """.formatted(table));
        try (FStoreHarness fstore = start(UnaryOperator.identity())) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> fstore.run("slow")).as("attempt " + attempt)
                        .hasStackTraceContaining("canceling statement");
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("attempt " + attempt)
                        .isLessThan(java.time.Duration.ofSeconds(20));
                JsonNode state = json.readTree(fstore.dataDir.resolve("state/slow.json").toFile());
                assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
            }
        }
    }

    @Test
    void a_failed_scheduled_run_logs_one_error_line_naming_the_group_and_idle_runs_stay_quiet() throws Exception {
        Files.writeString(work.resolve("features/" + GROUP + ".yaml"),
                Files.readString(work.resolve("features/" + GROUP + ".yaml")).replace("schedule:", "run_on_start: true\nschedule:"));
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        root.addAppender(events);
        try (FStoreHarness fstore = start(store -> new FailingOnlineStore(store, 1,
                () -> new IllegalStateException("Online store write failed: connection refused")))) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(fstore.dataDir.resolve("state/" + GROUP + ".json"))
                    || !state(fstore).path("lastRun").path("status").asText().equals("failed")) {
                assertThat(System.nanoTime()).as("the start-up run failed in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(500); // anything Camel would still log about the failed exchange
            List<String> loud = events.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            assertThat(loud).singleElement().asString()
                    .startsWith("ERROR Run of group safety failed: IllegalStateException: Online store write failed: connection refused");

            events.list.clear();
            assertThat(fstore.run(GROUP).rowsRead()).isEqualTo(ROWS);
            events.list.clear();
            assertThat(fstore.run(GROUP).rowsRead()).as("an idle run").isZero();
            assertThat(events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(
                    ch.qos.logback.classic.Level.INFO) && e.getLoggerName().startsWith("io.fstore")))
                    .as("an idle run logs nothing at INFO").isEmpty();
        } finally {
            root.detachAppender(events);
        }
    }

    @Test
    void a_second_fstore_on_the_same_data_directory_fails_at_startup_naming_the_directory_and_the_holder()
            throws Exception {
        try (FStoreHarness first = start(UnaryOperator.identity())) {
            assertThatThrownBy(() -> start(UnaryOperator.identity()))
                    .isInstanceOf(DataDirLock.DataDirInUseException.class)
                    .hasMessageContaining(first.dataDir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.run(GROUP).status()).as("the first one keeps working").isEqualTo("succeeded");
        }
        try (FStoreHarness again = start(UnaryOperator.identity())) {
            assertThat(again.run(GROUP).rowsRead()).as("a clean stop frees the directory").isZero();
        }
    }

    private JsonNode state(FStoreHarness fstore) throws Exception {
        return json.readTree(fstore.dataDir.resolve("state").resolve(GROUP + ".json").toFile());
    }

    private long quarantinedLines(FStoreHarness fstore) throws Exception {
        if (!Files.isDirectory(fstore.dataDir.resolve("quarantine").resolve(GROUP))) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(fstore.dataDir.resolve("quarantine").resolve(GROUP))) {
            long lines = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                lines += Files.readAllLines(f).size();
            }
            return lines;
        }
    }

    /** Offline: every source row once after deduplication; online: the newest amount of every customer. */
    private void assertBothStoresEqualTheSource(FStoreHarness fstore) throws Exception {
        List<Map<String, Object>> offline = fstore.duckdb("""
                SELECT count(DISTINCT (customer_id, event_timestamp)) AS n, sum(DISTINCT amount) AS total
                FROM read_parquet('{offline}/safety/**/*.parquet')""");
        assertThat(offline.get(0).get("n")).isEqualTo((long) ROWS);
        for (int c = 0; c < CUSTOMERS; c++) {
            int newest = ROWS - ((ROWS - c) % CUSTOMERS); // the largest i with i % 30 == c
            JsonNode amount = fstore.getJson("/features/safety/c" + c).path("features").path("amount");
            assertThat(amount.path("value").asDouble()).as("c" + c).isEqualTo(newest * 1.5);
        }
    }
}
