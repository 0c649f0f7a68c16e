package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.store.online.RedisOnlineStore;
import io.fstore.store.online.StoredValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 points 4 and 15 probes as a user runs them ({@code java -jar target/fstore.jar}): replay with the online
 * store on Redis; validate with wrong columns and wrong types on MariaDB and PostgreSQL.
 */
class ReplayAndValidateProbeIT {

    private static final Path JAR = Path.of("target", "fstore.jar").toAbsolutePath();

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String maria = TestDatabases.mariadb();
    private final String table = Probe.unique("probe_rv");
    private final String group = Probe.unique("rv");

    @BeforeEach
    void seed() throws Exception {
        TestDatabases.execute(pg, "CREATE TABLE " + table + " AS SELECT 'c' || i AS customer_id, "
                + "CASE WHEN i % 50 = 0 THEN i + 0.5 ELSE i END AS amount, "
                + "TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts FROM generate_series(1, 200) AS i");
        TestDatabases.execute(maria, "CREATE TABLE " + table + " (customer_id VARCHAR(16), amount VARCHAR(16), "
                + "ts DATETIME(6))");
        Files.writeString(work.resolve("application.properties"), String.join("\n",
                "fstore.datasource.pg.url = " + pg, "fstore.datasource.maria.url = " + maria,
                "fstore.demo.seed = false", "fstore.online.type = redis",
                "fstore.online.redis.url = " + TestDatabases.redis(),
                "camel.server.port = " + FStoreHarness.freePort(), ""));
    }

    @AfterEach
    void drop() throws Exception {
        try (RedisOnlineStore redis = new RedisOnlineStore(TestDatabases.redis())) {
            redis.teardown(group);
        } finally {
            TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
            TestDatabases.execute(maria, "DROP TABLE IF EXISTS " + table);
        }
    }

    private void definition(String datasource, String query, String amountType, boolean incremental)
            throws Exception {
        Probe.feature(work, group, """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: %s
                  query: %s
                  timestamp: ts%s
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: %s }
                """.formatted(group, datasource, query, incremental ? "\n  incremental: { column: ts }" : "",
                amountType));
    }

    private record Result(int exit, String output) {
    }

    private Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path log = work.resolve("cli-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void replay_with_the_online_store_on_redis_stores_the_fixed_rows_in_redis() throws Exception {
        definition("pg", "SELECT customer_id, amount, ts FROM " + table, "long", true);
        try (FStoreHarnessOnWork h = new FStoreHarnessOnWork(work)) {
            assertThat(h.fstore.run(group).rowsQuarantined()).isEqualTo(4);
        }
        definition("pg", "SELECT customer_id, amount, ts FROM " + table, "double", true);

        Result replay = cli("replay", group);

        assertThat(replay.exit()).as(replay.output()).isZero();
        assertThat(replay.output()).contains("4 stored, 0 still quarantined");
        try (RedisOnlineStore redis = new RedisOnlineStore(TestDatabases.redis())) {
            List<Map<String, StoredValue>> values = redis.read(group, List.of("c50", "c100", "c150", "c200"),
                    List.of("amount"));
            assertThat(values).extracting(m -> m.get("amount") == null ? null : m.get("amount").value())
                    .containsExactly(50.5, 100.5, 150.5, 200.5);
        }
    }

    @Test
    void validate_reports_a_wrong_column_on_postgres_and_a_text_column_for_a_double_on_mariadb() throws Exception {
        definition("pg", "SELECT customer_id, amount AS amt, ts FROM " + table, "double", false);
        Result pgResult = cli("validate");
        assertThat(pgResult.exit()).as(pgResult.output()).isEqualTo(1);
        assertThat(pgResult.output()).contains(group + ".yaml").contains("amount");

        definition("maria", "SELECT customer_id, amount, ts FROM " + table, "double", true);
        Result mariaResult = cli("validate");
        assertThat(mariaResult.exit()).as(mariaResult.output()).isEqualTo(1);
        assertThat(mariaResult.output()).contains(group + ".yaml").contains("amount").contains("text");
    }

    /** The harness, but reading this work directory's application.properties as the CLI would. */
    private static final class FStoreHarnessOnWork implements AutoCloseable {
        final FStoreHarness fstore;

        FStoreHarnessOnWork(Path work) throws Exception {
            java.util.Properties props = new java.util.Properties();
            try (var in = Files.newBufferedReader(work.resolve("application.properties"))) {
                props.load(in);
            }
            Map<String, String> overrides = new java.util.HashMap<>();
            props.stringPropertyNames().stream().filter(k -> !k.startsWith("camel.server"))
                    .forEach(k -> overrides.put(k, props.getProperty(k)));
            fstore = new FStoreHarness(work, overrides);
        }

        @Override
        public void close() {
            // FStoreHarness.close() deletes the group's Redis keys: stop the runtime only, the test cleans up
            fstore.runtime().close();
        }
    }
}
