package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.fstore.definition.DefinitionLoader;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.pipeline.IngestionClock;
import io.fstore.pipeline.QuarantineReplay;
import io.fstore.store.offline.ParquetOfflineStore;
import io.fstore.store.offline.ParquetPartWriter;
import io.fstore.store.online.EmbeddedOnlineStore;
import io.fstore.store.online.OnlineStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 points 1/4/5 probes: the quarantine step writes a chunk's bad rows before the limit check and before the
 * sinks. When that chunk then fails (limit exceeded, sink error), the next run reads the same rows again and quarantines
 * them again; the first copies stay "pending" and `replay` picks them up.
 */
class QuarantineLeftoversProbeIT {

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String table = Probe.unique("probe_qleft");
    private final String group = Probe.unique("qleft");

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
                features:
                  - { name: amount, type: double }
                """.formatted(group, table));
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    /** 3 bad rows in the first chunk (under the limit), the online store fails on that chunk, the rerun succeeds. */
    @Test
    void bad_rows_of_a_chunk_whose_sink_failed_are_quarantined_once_after_the_rerun() throws Exception {
        TestDatabases.execute(pg, "UPDATE " + table + " SET customer_id = NULL WHERE i IN (10, 20, 30)");
        java.util.concurrent.atomic.AtomicBoolean failOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg,
                "fstore.chunk-size", "50"), store -> new FailFirstWrite(store, failOnce))) {
            try {
                fstore.run(group);
            } catch (RuntimeException expected) {
                // the online store failed the first chunk
            }
            assertThat(fstore.run(group).status()).isEqualTo("succeeded");
            assertThat(Probe.pendingQuarantine(fstore.dataDir, group))
                    .as("3 bad rows in the source; replay would send each copy through the stores")
                    .hasSize(3);
        }
    }

    /**
     * The run fails on the quarantine limit (rows 151.. have a null key), the source is fixed, the next run stores
     * every row. Nothing is left to replay: yet replay reads the 50 stale rows, finds them still bad (they were
     * captured with the null key) and puts them back into quarantine, for ever (exit code 3 on every replay).
     */
    @Test
    void rows_of_a_run_failed_by_the_quarantine_limit_are_not_left_pending_for_replay() throws Exception {
        TestDatabases.execute(pg, "UPDATE " + table + " SET customer_id = NULL WHERE i > 150");
        Path dataDir;
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg,
                "fstore.chunk-size", "50"))) {
            dataDir = fstore.dataDir;
            try {
                fstore.run(group);
            } catch (RuntimeException expected) {
                // more than 5% quarantined
            }
            TestDatabases.execute(pg, "UPDATE " + table + " SET customer_id = 'c' || (i % 30) WHERE customer_id IS NULL");
            assertThat(fstore.run(group).status()).isEqualTo("succeeded");
        }
        FeatureGroup g = new DefinitionLoader(java.util.Set.of("pg")).loadDirectory(work.resolve("features")).get(0);
        try (OnlineStore online = new EmbeddedOnlineStore(dataDir.resolve("online/embedded"));
             ParquetOfflineStore offline = new ParquetOfflineStore(new ParquetPartWriter(dataDir.resolve("offline"),
                     "SNAPPY"))) {
            QuarantineReplay.Result replay = new QuarantineReplay(dataDir.resolve("quarantine"), offline, online,
                    new IngestionClock(Clock.systemUTC())).replay(g);
            assertThat(replay.rowsRead()).as("every source row is already stored: nothing should be pending, got %s",
                    replay).isZero();
        }
    }

    /** Throws on the first chunk write, then delegates. */
    static final class FailFirstWrite implements OnlineStore {
        private final OnlineStore delegate;
        private final java.util.concurrent.atomic.AtomicBoolean failOnce;

        FailFirstWrite(OnlineStore delegate, java.util.concurrent.atomic.AtomicBoolean failOnce) {
            this.delegate = delegate;
            this.failOnce = failOnce;
        }

        @Override
        public void writeRows(FeatureGroup g, List<FeatureRow> rows, java.time.Instant at) {
            if (failOnce.getAndSet(false)) {
                throw new IllegalStateException("probe: online store down");
            }
            delegate.writeRows(g, rows, at);
        }

        @Override
        public void create(FeatureGroup g) {
            delegate.create(g);
        }

        @Override
        public List<Map<String, io.fstore.store.online.StoredValue>> read(String g, List<String> ids,
                                                                          List<String> features) {
            return delegate.read(g, ids, features);
        }

        @Override
        public void teardown(String g) {
            delegate.teardown(g);
        }

        @Override
        public void ping(java.time.Duration timeout) {
            delegate.ping(timeout);
        }

        @Override
        public String describe() {
            return "fail-first " + delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
