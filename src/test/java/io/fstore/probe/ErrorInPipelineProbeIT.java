package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.source.RunSummary;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.SplitDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 point 2 probes: an {@link Error} thrown somewhere other than the online store (the only place RunSafetyIT
 * throws one). Each error is thrown once; the run must fail, record it, and release the group at once (not after
 * max_run_time), so the next run succeeds.
 */
class ErrorInPipelineProbeIT {

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String table = Probe.unique("probe_err");
    private final String group = Probe.unique("err");
    private FStoreHarness fstore;

    @BeforeEach
    void seed() throws Exception {
        TestDatabases.execute(pg, "CREATE TABLE " + table + " AS SELECT i, 'c' || (i % 30) AS customer_id, "
                + "i * 1.5 AS amount, TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts "
                + "FROM generate_series(1, 300) AS i");
        Probe.feature(work, group, """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts FROM %s
                  timestamp: ts
                  incremental: { column: ts }
                schedule: "0 0 0 1 1 ? 2099"
                max_run_time: 4s
                features:
                  - { name: amount, type: double }
                """.formatted(group, table));
        fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg, "fstore.chunk-size", "50",
                "camel.main.shutdown-timeout", "3"));
    }

    @AfterEach
    void drop() throws Exception {
        try {
            fstore.close();
        } finally {
            TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void an_error_thrown_by_the_normalizer_fails_the_run_and_releases_the_group() throws Exception {
        AtomicBoolean once = new AtomicBoolean(true);
        // a bean step, as ChunkSteps.normalize is: Camel's bean invocation is what catches the Error
        AdviceWith.adviceWith(fstore.runtime().context(), "fstore.chunk", a -> a.weaveByToString(".*normalize.*")
                .before().bean(new Thrower(once, () -> new StackOverflowError("probe: normalizer")), "call"));
        assertFailsThenRecovers("probe: normalizer");
    }

    @Test
    void an_error_thrown_by_the_offline_sink_fails_the_run_and_releases_the_group() throws Exception {
        AtomicBoolean once = new AtomicBoolean(true);
        AdviceWith.adviceWith(fstore.runtime().context(), "sink.offline", a -> a.weaveAddFirst()
                .bean(new Thrower(once, () -> new OutOfMemoryError("probe: offline sink")), "call"));
        assertFailsThenRecovers("probe: offline sink");
    }

    /**
     * The same Error from a plain Processor in the offline sink (no bean invocation around it): an Error that escapes
     * a processor in the parallel multicast.
     */
    @Test
    void an_error_thrown_while_reading_the_result_set_fails_the_run_and_releases_the_group() throws Exception {
        AtomicBoolean once = new AtomicBoolean(true);
        AdviceWith.adviceWith(fstore.runtime().context(), "fg." + group, a -> a.weaveByType(SplitDefinition.class)
                .before().process(e -> {
                    if (once.get()) {
                        e.getMessage().setBody(new ThrowingRows(e, once));
                    }
                }));
        assertFailsThenRecovers("probe: fetching rows");
    }

    /**
     * The backstop for the hang above: once max_run_time (4s here) has passed, the next trigger takes the group over
     * and succeeds; until then the state file says "running" and every trigger is skipped.
     */
    private void assertFailsThenRecovers(String error) throws Exception {
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> {
            try {
                return fstore.run(group);
            } catch (Throwable e) {
                return e;
            }
        });
        Object outcome = null;
        try {
            outcome = first.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException hung) {
            // reported by the assertions below
        }
        JsonNode state = Probe.state(fstore.dataDir, group);
        assertThat(state.path("lastRun").path("status").asText())
                .as("the run with the Error ended (outcome %s)", outcome).isEqualTo("failed");
        assertThat(state.path("lastRun").path("error").asText()).contains(error);
        RunSummary next = fstore.run(group);
        assertThat(next).as("the next run is not skipped as 'already running'").isNotNull();
        assertThat(next.status()).isEqualTo("succeeded");
        assertThat(fstore.getJson("/features/" + group + "/c0").path("features").path("amount").path("value")
                .asDouble()).isEqualTo(300 * 1.5);
    }

    private static void throwOnce(AtomicBoolean once, Error error) {
        if (once.getAndSet(false)) {
            throw error;
        }
    }

    /** A bean whose method throws the Error once. */
    public static final class Thrower {
        private final AtomicBoolean once;
        private final java.util.function.Supplier<Error> error;

        Thrower(AtomicBoolean once, java.util.function.Supplier<Error> error) {
            this.once = once;
            this.error = error;
        }

        public void call() {
            throwOnce(once, error.get());
        }
    }

    /** The streamed rows, throwing an Error on the 120th row (in the third chunk of 50). */
    private static final class ThrowingRows implements Iterator<Map<String, Object>>, Closeable {
        private final Iterator<Map<String, Object>> rows;
        private final AtomicBoolean once;
        private final AtomicInteger read = new AtomicInteger();

        @SuppressWarnings("unchecked")
        ThrowingRows(Exchange e, AtomicBoolean once) {
            this.rows = e.getMessage().getBody(Iterator.class);
            this.once = once;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Map<String, Object> next() {
            if (read.incrementAndGet() == 120) {
                throwOnce(once, new OutOfMemoryError("probe: fetching rows"));
            }
            return rows.next();
        }

        @Override
        public void close() throws IOException {
            if (rows instanceof Closeable c) {
                c.close();
            }
        }
    }
}
