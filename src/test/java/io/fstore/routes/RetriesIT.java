package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import io.fstore.it.FStoreHarness;
import io.fstore.pipeline.RetriableException;
import io.fstore.routes.ScriptedOnlineStore.Step;
import io.fstore.serving.CapturedLogs;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The error policy of routes/errors.camel.yaml on FStore's real routes: retriable failures (a connection refused or
 * reset, io.fstore.pipeline.RetriableException, ...) are redelivered (fstore.retry.*, a small delay here) and logged
 * at WARN; when the redeliveries run out the run fails like any other, with its checkpoint unmoved. 300 orders on
 * PostgreSQL in chunks of 50; runs are started through {@code direct:fg.<group>}, as a trigger does.
 */
class RetriesIT {

    private static final int ROWS = 300;
    /** Camel's line for a redelivery (retryAttemptedLogLevel WARN). */
    private static final String RETRY_LINE = "Failed delivery for";

    @TempDir(factory = Orders.TempDirs.class)
    Path work;
    private Orders orders;
    private CapturedLogs logs;

    @BeforeEach
    void seed() throws Exception {
        orders = Orders.create("retries", ROWS);
        logs = new CapturedLogs();
    }

    @AfterEach
    void drop() throws Exception {
        try (Orders o = orders; CapturedLogs l = logs) {
            // both closed
        }
    }

    private FStoreHarness start(Map<String, String> settings, Map<String, List<Step>> script,
                                ScriptedOnlineStore[] online) throws Exception {
        Map<String, String> props = new HashMap<>(orders.connection("pg"));
        props.put("fstore.chunk-size", "50");
        props.put("fstore.retry.delay", "50");
        props.putAll(settings);
        return new FStoreHarness(work, props, store -> online[0] = new ScriptedOnlineStore(store, script));
    }

    @Test
    void an_online_store_that_refuses_twice_and_then_works_gets_the_chunk_again_and_the_run_succeeds()
            throws Exception {
        // a full-refresh group: the offline store keeps each (entity, event time, values) once, whatever is replayed
        Orders.write(work.resolve("features"), "blip", orders.group("blip", "pg",
                "SELECT customer_id, amount, ts FROM %s", "", "schedule: \"0 0 0 1 1 ? 2099\""));
        ScriptedOnlineStore[] online = new ScriptedOnlineStore[1];
        try (FStoreHarness fstore = start(Map.of("fstore.retry.max-redeliveries", "3"), Map.of("blip", List.of(
                Step.fail(2, () -> new JedisConnectionException("Unexpected end of stream (test)")),
                Step.fail(3, () -> new UncheckedIOException("Redis write failed (test)",
                        new ConnectException("Connection refused (test)"))))), online)) {
            long started = System.nanoTime();
            RunSummary run = fstore.run("blip");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(run.status()).isEqualTo("succeeded");
            assertThat(run.rowsRead()).isEqualTo(ROWS);
            assertThat(run.rowsStored()).isEqualTo(ROWS);
            assertThat(run.chunks()).as("each chunk counted once").isEqualTo(6);
            assertThat(took).as("redelivered after 50 ms, then 100 ms").isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(online[0].writes("blip")).as("6 chunks, the 2nd written three times").isEqualTo(8);
            assertThat(online[0].storedRows("blip")).as("every row reached the online store once").isEqualTo(ROWS);
            assertThat(Orders.onlineAmounts(fstore, "blip")).isEqualTo(Orders.newestAmounts(ROWS));
            assertThat(Orders.offline(fstore, "blip")).as("every row once offline, though chunk 2 went there 3 times")
                    .containsEntry("rows", (long) ROWS).containsEntry("versions", (long) ROWS);
            assertThat(state(fstore, "blip").lastRun().status()).isEqualTo("succeeded");

            // Camel numbers attempts from 0; a sink's failure comes wrapped in the recipient list's exception
            String sinkFailed = "caught: org.apache.camel.CamelExchangeException: Multicast processing failed for "
                    + "number 1. Caused by: ";
            assertThat(retryLines()).as("one WARN line per failed attempt").containsExactly(
                    "On delivery attempt: 0 " + sinkFailed + "[redis.clients.jedis.exceptions.JedisConnectionException"
                            + " - Unexpected end of stream (test)]",
                    // retried because of the ConnectException inside: UncheckedIOException itself is not retriable
                    "On delivery attempt: 1 " + sinkFailed + "[java.io.UncheckedIOException - Redis write failed "
                            + "(test)]");
            assertThat(logs.lines()).as("nothing failed").noneMatch(l -> l.level() == Level.ERROR);
        }
    }

    @Test
    void when_the_redeliveries_run_out_the_run_fails_with_its_checkpoint_unmoved_and_the_next_run_converges()
            throws Exception {
        Orders.write(work.resolve("features"), "outage", orders.group("outage", "pg",
                "SELECT customer_id, amount, ts FROM %s", "  incremental: { column: ts }\n",
                "schedule: \"0 0 0 1 1 ? 2099\""));
        // the first run writes 6 chunks; the second run's first chunk fails twice (all it may), the third run's once
        Supplier<Throwable> refused = () -> new RetriableException("online store unreachable (test)", null);
        ScriptedOnlineStore[] online = new ScriptedOnlineStore[1];
        try (FStoreHarness fstore = start(Map.of("fstore.retry.max-redeliveries", "1"), Map.of("outage", List.of(
                Step.fail(7, refused), Step.fail(8, refused), Step.fail(9, refused))), online)) {
            assertThat(fstore.run("outage").checkpoint().get("value")).isEqualTo(Orders.ts(ROWS));
            orders.insert(ROWS + 1, ROWS + 100);

            assertThatThrownBy(() -> fstore.run("outage")).hasStackTraceContaining("online store unreachable (test)");
            GroupState failed = state(fstore, "outage");
            assertThat(failed.lastRun().status()).isEqualTo("failed");
            assertThat(failed.lastRun().error()).isEqualTo("RetriableException: online store unreachable (test)");
            assertThat(failed.lastRun().chunks()).isZero();
            assertThat(failed.checkpoint().get("value")).as("unmoved").isEqualTo(Orders.ts(ROWS));
            assertThat(online[0].writes("outage")).as("the chunk was tried twice").isEqualTo(8);
            assertThat(Orders.onlineAmounts(fstore, "outage")).isEqualTo(Orders.newestAmounts(ROWS));
            String refusedLine = "caught: org.apache.camel.CamelExchangeException: Multicast processing failed for "
                    + "number 1. Caused by: [io.fstore.pipeline.RetriableException - online store unreachable (test)]";
            assertThat(retryLines()).as("a WARN line per failed attempt, the last one included").containsExactly(
                    "On delivery attempt: 0 " + refusedLine, "On delivery attempt: 1 " + refusedLine);
            assertThat(logs.lines()).filteredOn(l -> l.level() == Level.ERROR).singleElement()
                    .satisfies(l -> assertThat(l.text()).isEqualTo("Run of group outage failed after 1 "
                            + "redelivery(ies): RetriableException: online store unreachable (test). The next run "
                            + "resumes from the saved checkpoint."));

            RunSummary next = fstore.run("outage");
            assertThat(next.status()).as("one failure, one redelivery").isEqualTo("succeeded");
            assertThat(next.rowsRead()).isEqualTo(100);
            assertThat(next.checkpoint().get("value")).isEqualTo(Orders.ts(ROWS + 100));
            assertThat(Orders.onlineAmounts(fstore, "outage")).isEqualTo(Orders.newestAmounts(ROWS + 100));
            assertThat(Orders.offline(fstore, "outage")).containsEntry("versions", ROWS + 100L)
                    .containsEntry("first", 1L).containsEntry("last", ROWS + 100L);
        }
    }

    @Test
    void a_source_whose_server_refuses_connections_fails_the_run_after_its_redeliveries_naming_the_group()
            throws Exception {
        int closedPort = FStoreHarness.freePort();
        Orders.write(work.resolve("features"), "far", orders.group("far", "far",
                "SELECT customer_id, amount, ts FROM %s", "", "schedule: \"0 0 0 1 1 ? 2099\""));
        ScriptedOnlineStore[] online = new ScriptedOnlineStore[1];
        try (FStoreHarness fstore = start(Map.of("fstore.retry.max-redeliveries", "1",
                "fstore.connection.far.kind", "jdbc",
                "fstore.connection.far.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/test",
                "fstore.connection.far.connect-timeout", "1"), Map.of(), online)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> fstore.run("far")).hasStackTraceContaining("refused");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("two attempts, each waiting connect-timeout (1 s) for a connection")
                    .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
            GroupState failed = state(fstore, "far");
            assertThat(failed.lastRun().status()).isEqualTo("failed");
            assertThat(failed.lastRun().error()).startsWith("SQLTransientConnectionException: ")
                    .contains("Connection to 127.0.0.1:" + closedPort + " refused");
            assertThat(retryLines()).as("a WARN line per failed attempt").hasSize(2).allSatisfy(l -> assertThat(l)
                    .contains("caught: java.sql.SQLTransientConnectionException: fstore-far - Connection is not "
                            + "available, request timed out after")
                    .contains("Connection to 127.0.0.1:" + closedPort + " refused"));
            assertThat(logs.lines()).filteredOn(l -> l.level() == Level.ERROR).singleElement()
                    .satisfies(l -> assertThat(l.text())
                            .startsWith("Run of group far failed after 1 redelivery(ies): "
                                    + "SQLTransientConnectionException: ")
                            .contains("Connection to 127.0.0.1:" + closedPort + " refused"));
            assertThat(online[0].writes("far")).isZero();
        }
    }

    /**
     * Camel's WARN lines for failed delivery attempts, from "On delivery attempt" on, without the exchange ids
     * (Camel writes {@code Failed delivery for (MessageId: x on ExchangeId: x). On delivery attempt: ...}).
     */
    private List<String> retryLines() {
        return logs.lines().stream().filter(l -> l.level() == Level.WARN && l.text().startsWith(RETRY_LINE))
                .map(l -> l.text().substring(l.text().indexOf("On delivery attempt"))
                        .replaceAll(" Exchange\\[[^]]*]\\.", ""))
                .toList();
    }

    private static GroupState state(FStoreHarness fstore, String group) {
        return new GroupStateStore(fstore.dataDir.resolve("state")).load(group).orElseThrow();
    }
}
