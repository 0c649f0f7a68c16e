package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FStore as users run it ({@code java -jar target/fstore.jar}) on a real PostgreSQL: a second process on the same data
 * directory stops at startup with one line naming the directory and the holder's pid; {@code replay <group>} sends
 * rows quarantined under a wrong definition into both stores once the definition is fixed.
 */
class DataDirAndReplayCommandIT {

    private final String table = "replay_it_" + Long.toHexString(System.nanoTime());
    private String pg;

    @TempDir
    Path work;

    @BeforeEach
    void seed() throws Exception {
        pg = TestDatabases.postgres();
        TestDatabases.execute(pg, "CREATE TABLE " + table + " AS SELECT 'c' || i AS customer_id, "
                + "CASE WHEN i % 50 = 0 THEN i + 0.5 ELSE i END AS amount, "
                + "TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts FROM generate_series(1, 200) AS i");
        Files.writeString(work.resolve("application.properties"), String.join("\n",
                "fstore.datasource.pg.url = " + pg, "fstore.demo.seed = false",
                "camel.server.port = " + FStoreHarness.freePort(), ""));
        Files.createDirectories(work.resolve("features"));
        definition("long");
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    private void definition(String amountType) throws Exception {
        Files.writeString(work.resolve("features/spend.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts FROM %s
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: %s }
                """.formatted(table, amountType));
    }

    @Test
    void a_second_process_on_the_same_data_directory_exits_1_naming_the_directory_and_the_holder() throws Exception {
        Process first = ChildFStore.start(work, "first.log");
        try {
            Path lock = work.resolve("data/.lock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(lock) && Files.readString(lock).trim().equals(String.valueOf(first.pid())))) {
                assertThat(first.isAlive()).as("the first FStore runs").isTrue();
                assertThat(System.nanoTime()).as("the first FStore took the lock").isLessThan(deadline);
                Thread.sleep(100);
            }
            Process second = ChildFStore.start(work, "second.log");
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second one stops by itself").isTrue();
            String log = Files.readString(work.resolve("second.log"), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(log).contains("FStore cannot start: The data directory "
                    + work.resolve("data").toRealPath() + " is in use by another FStore process (pid " + first.pid()
                    + ")");
            assertThat(first.isAlive()).isTrue();
        } finally {
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void replay_stores_the_rows_a_wrong_definition_quarantined_once_it_is_fixed() throws Exception {
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg))) {
            RunSummary run = fstore.run("spend");
            assertThat(run.rowsQuarantined()).as("4 amounts with a fraction do not fit long").isEqualTo(4);
        }
        definition("double");

        Process replay = ChildFStore.start(work, "replay.log", "replay", "spend");
        assertThat(replay.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(work.resolve("replay.log"), StandardCharsets.UTF_8);
        assertThat(replay.exitValue()).as(log).isZero();
        assertThat(log).contains("Replayed 4 quarantined row(s) of group spend from 1 file(s): 4 stored, "
                + "0 still quarantined");

        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg))) {
            for (int i = 50; i <= 200; i += 50) {
                JsonNode amount = fstore.getJson("/features/spend/c" + i).path("features").path("amount");
                assertThat(amount.path("value").asDouble()).as("c" + i).isEqualTo(i + 0.5);
            }
            Map<String, Object> offline = fstore.duckdb("SELECT count(*) AS n, sum(amount) AS total FROM "
                    + "read_parquet('{offline}/spend/*/*.parquet', union_by_name = true) WHERE amount % 1 <> 0").get(0);
            assertThat(offline.get("n")).isEqualTo(4L);
        }
    }
}
