package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 point 9 probe: "a failed start leaves the data directory free" (FStoreRuntime's constructor). It releases
 * the lock file, but not what it opened before failing (the embedded online store's RocksDB, the pools), so a second
 * start in the same JVM (embedding, tests, a supervisor thread retrying) cannot open the data directory.
 */
class FailedStartProbeIT {

    @TempDir
    Path work;

    @Test
    void a_start_that_failed_on_a_corrupt_state_file_leaves_the_data_directory_usable_in_the_same_jvm()
            throws Exception {
        String group = Probe.unique("failed_start");
        Probe.feature(work, group, """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: h2
                  query: SELECT 'c1' AS customer_id, 1.5 AS amount, TIMESTAMP '2024-01-01 00:00:00' AS ts
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                run_on_start: true
                features:
                  - { name: amount, type: double }
                """.formatted(group));
        Path state = Files.createDirectories(work.resolve("data/state")).resolve(group + ".json");
        Files.writeString(state, "{ truncated");
        Map<String, String> props = Map.of("fstore.datasource.h2.url", "jdbc:h2:mem:" + group);

        assertThatThrownBy(() -> new FStoreHarness(work, props)).hasStackTraceContaining("Cannot read the state");

        Files.delete(state);
        try (FStoreHarness again = new FStoreHarness(work, props)) {
            assertThat(again.run(group).rowsRead()).isEqualTo(1);
        }
    }
}
