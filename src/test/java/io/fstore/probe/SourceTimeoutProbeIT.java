package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 point 2 probe: source.timeout is camel-jdbc's statement.queryTimeout. pgjdbc only times the execute call;
 * with a streamed result set (fetch size = chunk size) the later fetches run without any timeout. A query that stalls
 * after its first chunk (a slow function, a lock met later in the scan) is not cancelled.
 */
class SourceTimeoutProbeIT {

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String table = Probe.unique("probe_slow");
    private final String group = Probe.unique("slow");

    @BeforeEach
    void seed() throws Exception {
        TestDatabases.execute(pg, "CREATE TABLE " + table + " AS SELECT i, 'c' || (i % 30) AS customer_id, "
                + "i * 1.5 AS amount, TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts "
                + "FROM generate_series(1, 300) AS i");
        // row 120 sleeps 12 s while it is produced, i.e. in the third fetch of 50 rows
        Probe.feature(work, group, """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts, CASE WHEN i = 120 THEN pg_sleep(12)::text END AS stall FROM %s
                  timestamp: ts
                  timeout: 2s
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: double }
                """.formatted(group, table));
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    @Test
    void a_query_that_stalls_after_its_first_chunk_is_cancelled_after_source_timeout() throws Exception {
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg,
                "fstore.chunk-size", "50"))) {
            long started = System.nanoTime();
            try {
                fstore.run(group);
            } catch (RuntimeException timedOut) {
                // what should happen
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            JsonNode state = Probe.state(fstore.dataDir, group);
            assertThat(took).as("source.timeout is 2s; run: %s", state.path("lastRun"))
                    .isLessThan(Duration.ofSeconds(8));
            assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
        }
    }
}
