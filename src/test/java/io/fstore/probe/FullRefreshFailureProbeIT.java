package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 points 1, 5 and 16 probes on a full-refresh group (no incremental column): a sink fails, the next run
 * converges, and the offline store holds each version once (the change state is only updated after a stored file).
 */
class FullRefreshFailureProbeIT {

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String table = Probe.unique("probe_full");
    private final String group = Probe.unique("full");

    @BeforeEach
    void seed() throws Exception {
        TestDatabases.execute(pg, "CREATE TABLE " + table + " AS SELECT 'c' || i AS customer_id, i * 1.5 AS amount, "
                + "TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts FROM generate_series(1, 120) AS i");
        Probe.feature(work, group, """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts FROM %s
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: double }
                """.formatted(group, table));
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    private long offlineRows(Path data) throws Exception {
        return ((Number) Probe.duckdb(data, "SELECT count(*) AS n FROM read_parquet('{offline}/" + group
                + "/*/*.parquet')").get(0).get("n")).longValue();
    }

    @Test
    void an_online_failure_on_a_full_refresh_group_converges_without_duplicating_offline_rows() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg,
                "fstore.chunk-size", "50"), s -> new QuarantineLeftoversProbeIT.FailFirstWrite(s, fail))) {
            try {
                fstore.run(group);
            } catch (RuntimeException expected) {
                // online store down on chunk 1
            }
            assertThat(Probe.state(fstore.dataDir, group).path("lastRun").path("status").asText()).isEqualTo("failed");
            RunSummary next = fstore.run(group);
            assertThat(next.status()).isEqualTo("succeeded");
            assertThat(fstore.getJson("/features/" + group + "/c1").path("features").path("amount").path("value")
                    .asDouble()).isEqualTo(1.5);
            assertThat(offlineRows(fstore.dataDir)).as("each version once offline").isEqualTo(120);
            fstore.run(group);
            assertThat(offlineRows(fstore.dataDir)).as("an unchanged rerun adds nothing").isEqualTo(120);
        }
    }

    @Test
    void an_offline_failure_on_a_full_refresh_group_converges_and_stores_every_row_once() throws Exception {
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg,
                "fstore.chunk-size", "50"))) {
            Path blocked = fstore.dataDir.resolve("offline").resolve(group).resolve("created_date="
                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            Files.createDirectories(blocked.getParent());
            Files.writeString(blocked, "a file where the day's folder should be");
            try {
                fstore.run(group);
            } catch (RuntimeException expected) {
                // Parquet write fails
            }
            Files.delete(blocked);
            assertThat(fstore.run(group).status()).isEqualTo("succeeded");
            assertThat(offlineRows(fstore.dataDir)).isEqualTo(120);
        }
    }
}
