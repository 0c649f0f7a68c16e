package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar fstore.jar validate} (and startup) against a real PostgreSQL: each group's query is described
 * without reading rows and compared with its definition; connection failures carry the driver's reason and never a
 * password.
 */
class ValidateCommandIT {

    private static final String PASSWORD = "Pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-x";
    private final String table = "validate_it_" + Long.toHexString(System.nanoTime());
    private String pg;

    @TempDir
    Path work;

    @BeforeEach
    void createSourceTable() throws Exception {
        pg = TestDatabases.postgres();
        TestDatabases.execute(pg, "CREATE TABLE " + table + " (customer_id text, amount numeric(10,2), note text, "
                + "paid boolean, created_at timestamptz)");
        TestDatabases.execute(pg, "INSERT INTO " + table + " VALUES ('c1', 12.50, 'not a number', true, now())");
        Files.createDirectories(work.resolve("features"));
    }

    @AfterEach
    void dropSourceTable() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    private void properties(String... lines) throws Exception {
        Files.writeString(work.resolve("application.properties"), String.join("\n", lines) + "\n"
                + "fstore.demo.seed = false\ncamel.server.port = " + FStoreHarness.freePort() + "\n");
    }

    private void group(String name, String datasource, String query, String features) throws Exception {
        Files.writeString(work.resolve("features/" + name + ".yaml"), """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: %s
                  query: %s
                  timestamp: ts
                update_frequency: 1d
                features:
                %s
                """.formatted(name, datasource, query, features));
    }

    private record Result(int exit, String output) {
    }

    private Result fstore(String... args) throws Exception {
        Process p = ChildFStore.start(work, "out.log", args);
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("FStore exited by itself").isTrue();
            return new Result(p.exitValue(), Files.readString(work.resolve("out.log"), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void validate_reports_a_missing_column_per_group_and_exits_1() throws Exception {
        properties("fstore.datasource.pg.url = " + pg);
        group("spend", "pg", "SELECT customer_id, amount AS spend FROM " + table, "  - { name: spend, type: decimal }");
        group("orders", "pg", "SELECT customer_id, note AS orders, created_at AS ts FROM " + table,
                "  - { name: orders, type: long }\n  - { name: last_amount, type: double }");

        Result r = fstore("validate");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output())
                .contains("FStore cannot start: 3 configuration error(s)")
                .contains("features/spend.yaml:6: field 'source.query': returns no column ts (timestamp); it returns "
                        + "customer_id (text), spend (numeric)")
                .contains("features/orders.yaml:6: field 'source.query': returns no column last_amount (feature); "
                        + "it returns customer_id (text), orders (text), ts (timestamptz)")
                .contains("features/orders.yaml:10: field 'features[0].type': feature orders (long) is read from "
                        + "column orders, a text column (text)")
                .doesNotContain("OK:");
    }

    @Test
    void validate_exits_0_when_every_query_returns_the_declared_columns_and_reads_no_row() throws Exception {
        properties("fstore.datasource.pg.url = " + pg);
        // reading the row would fail ('not a number' is no bigint): only the schema is asked for
        group("orders", "pg", "SELECT customer_id, CAST(note AS bigint) AS orders, amount AS spend, paid AS vip, "
                        + "created_at AS ts FROM " + table,
                "  - { name: orders, type: long }\n  - { name: spend, type: double }\n  - { name: vip, type: bool }");
        group("last_amount", "pg", "SELECT customer_id AS entity_id, amount AS value, created_at AS ts FROM " + table,
                "  - { name: last_amount, type: decimal, precision: 10, scale: 2 }");

        Result r = fstore("validate");

        assertThat(r.output()).contains("OK: 2 feature group(s) valid")
                .contains("Source schemas match the definitions: pg (last_amount, orders)");
        assertThat(r.exit()).isZero();
        assertThat(work.resolve("data/state")).as("validate runs nothing").doesNotExist();
    }

    @Test
    void wrong_credentials_are_reported_with_the_drivers_cause_and_without_the_password() throws Exception {
        String role = "fstore_no_role_" + Long.toHexString(System.nanoTime());
        String url = pg.replaceFirst("user=[^&]*", "user=" + role) + "&password=" + PASSWORD;
        properties("fstore.datasource.pg.url = " + url, "fstore.datasource.pg.password = " + PASSWORD);
        group("spend", "pg", "SELECT customer_id, amount AS spend, created_at AS ts FROM " + table,
                "  - { name: spend, type: double }");

        Result r = fstore("validate");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("field 'fstore.datasource.pg.url': cannot connect: FATAL: role \"" + role
                + "\" does not exist").contains("read by group(s) spend");
        assertThat(r.output()).doesNotContain(PASSWORD);
    }

    @Test
    void a_password_rejected_by_the_server_is_reported_with_the_cause_and_without_the_password() throws Exception {
        // the PostgreSQL of the tests trusts local connections; MariaDB always checks passwords
        String user = "fstore_no_user_" + Long.toHexString(System.nanoTime()).substring(0, 8);
        String url = TestDatabases.mariadb().replaceFirst("user=[^&]*", "user=" + user) + "&password=" + PASSWORD;
        properties("fstore.datasource.maria.url = " + url, "fstore.datasource.maria.password = " + PASSWORD);
        group("spend", "maria", "SELECT 'c1' AS customer_id, 1.5 AS spend, now() AS ts",
                "  - { name: spend, type: double }");

        Result r = fstore("validate");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("field 'fstore.datasource.maria.url': cannot connect: ")
                .contains("Access denied for user '" + user + "'");
        assertThat(r.output()).doesNotContain(PASSWORD);
    }

    @Test
    void a_url_that_is_not_jdbc_is_reported_without_its_password() throws Exception {
        properties("fstore.datasource.pg.url = postgresql://etl:" + PASSWORD + "@127.0.0.1:5432/test");
        group("spend", "pg", "SELECT 1", "  - { name: spend, type: double }");

        Result r = fstore("validate");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("'postgresql://etl:***@127.0.0.1:5432/test' is not a JDBC URL")
                .doesNotContain(PASSWORD);
    }

    @Test
    void startup_fails_on_a_schema_problem_before_anything_runs() throws Exception {
        properties("fstore.datasource.pg.url = " + pg);
        group("spend", "pg", "SELECT customer_id, amount AS spend FROM " + table, "  - { name: spend, type: double }");

        Result r = fstore();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("features/spend.yaml:6: field 'source.query': returns no column ts "
                + "(timestamp)");
        assertThat(work.resolve("data/state")).as("nothing ran").doesNotExist();
    }

    @Test
    void startup_fails_on_an_unset_environment_variable_naming_the_property_and_the_variable() throws Exception {
        String variable = "FSTORE_IT_SURELY_UNSET_" + Long.toHexString(System.nanoTime()).toUpperCase();
        properties("fstore.datasource.pg.url = " + pg, "fstore.datasource.pg.password = {{env:" + variable + "}}");
        group("spend", "pg", "SELECT customer_id, amount AS spend, created_at AS ts FROM " + table,
                "  - { name: spend, type: double }");

        Result r = fstore();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("field 'fstore.datasource.pg.password': reads the environment variable "
                + variable + ", which is not set");
    }
}
