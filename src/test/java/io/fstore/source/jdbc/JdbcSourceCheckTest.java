package io.fstore.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.DefinitionLoader;
import io.fstore.definition.GroupDefinition;
import io.fstore.runtime.DataSourceSettings;
import io.fstore.runtime.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source schema check against a real (in-memory H2) database: what validate and startup report per group. */
class JdbcSourceCheckTest {

    private final String url = "jdbc:h2:mem:check_" + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1";
    private Connection keepAlive;

    @BeforeEach
    void createTables() throws Exception {
        keepAlive = DriverManager.getConnection(url, "sa", "");
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(16), amount DECIMAL(10,2), status VARCHAR(16), "
                    + "paid BOOLEAN, created_at TIMESTAMP, epoch_ms BIGINT, note VARCHAR(20), photo VARBINARY(10))");
            s.execute("INSERT INTO orders VALUES ('c1', 10.50, 'paid', TRUE, TIMESTAMP '2024-01-01 10:00:00', "
                    + "1704103200000, 'not a number', NULL)");
        }
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }

    /** A definition as a user writes it: the query on line 6, timestamp on 7, incremental on 8, the first feature on 11. */
    private static GroupDefinition definition(String query, String timestamp, String incremental, String features) {
        String yaml = """
                name: g
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: dw
                  query: "%s"
                  timestamp: %s
                %s
                schedule: "0 * * * * ?"
                features:
                %s
                """.formatted(query, timestamp, incremental.isEmpty() ? "" : "  incremental: { column: " + incremental + " }",
                features);
        List<DefinitionError> errors = new ArrayList<>();
        GroupDefinition d = new DefinitionLoader(Set.of("dw")).parseDefinition("features/g.yaml", yaml, errors)
                .orElseThrow(() -> new AssertionError(errors));
        return d;
    }

    private JdbcSourceCheck.Report check(GroupDefinition... definitions) {
        return check(new DataSourceSettings("dw", url, "sa", "", 1), definitions);
    }

    private static JdbcSourceCheck.Report check(DataSourceSettings settings, GroupDefinition... definitions) {
        Properties props = new Properties();
        props.setProperty("fstore.datasource.dw.url", settings.url());
        props.setProperty("fstore.datasource.dw.password", settings.password());
        return new JdbcSourceCheck(Map.of("dw", settings), Secrets.of(props), Duration.ofSeconds(10))
                .check(List.of(definitions));
    }

    @Test
    void a_query_returning_every_declared_column_passes() {
        JdbcSourceCheck.Report r = check(definition(
                "SELECT customer_id, SUM(amount) AS spend, COUNT(*) AS orders, BOOL_OR(paid) AS paid, "
                        + "MAX(created_at) AS ts FROM orders GROUP BY customer_id", "ts", "",
                "  - { name: spend, type: decimal, precision: 12, scale: 2 }\n  - { name: orders, type: long }\n"
                        + "  - { name: paid, type: bool }"));

        assertThat(r.schemaProblems()).isEmpty();
        assertThat(r.unreachable()).isEmpty();
        assertThat(r.checkedGroups()).containsEntry("dw", List.of("g"));
    }

    @Test
    void missing_feature_and_timestamp_columns_are_reported_at_the_query_line_with_what_it_returns() {
        JdbcSourceCheck.Report r = check(definition("SELECT customer_id, amount FROM orders", "ts", "",
                "  - { name: spend, type: double }\n  - { name: amount, type: double }"));

        assertThat(r.schemaProblems()).singleElement().hasToString("features/g.yaml:6: field 'source.query': "
                + "returns no column ts (timestamp), spend (feature); it returns CUSTOMER_ID "
                + "(CHARACTER VARYING), AMOUNT (DECIMAL); expected columns named customer_id, ts and one per feature "
                + "(spend, amount); case does not matter, rename with AS in the query");
    }

    @Test
    void a_missing_entity_key_and_incremental_column_are_named() {
        JdbcSourceCheck.Report r = check(definition("SELECT amount AS spend, created_at AS ts FROM orders", "ts",
                "updated_at", "  - { name: spend, type: double }"));

        assertThat(r.schemaProblems()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.query");
            assertThat(e.problem()).startsWith("returns no column customer_id (entity key), updated_at (incremental "
                    + "column); it returns");
            assertThat(e.expected()).contains("or entity_id, value, ts");
        });
    }

    @Test
    void the_long_shape_of_a_one_feature_group_passes_case_insensitively() {
        JdbcSourceCheck.Report r = check(definition(
                "SELECT customer_id AS ENTITY_ID, amount AS \\\"Value\\\", created_at AS Ts FROM orders", "ts", "ts",
                "  - { name: last_amount, type: decimal, precision: 10, scale: 2 }"));

        assertThat(r.schemaProblems()).isEmpty();
    }

    @Test
    void a_text_column_for_a_long_feature_is_reported_at_the_features_type_line() {
        JdbcSourceCheck.Report r = check(definition("SELECT customer_id, note AS orders, created_at AS ts FROM orders",
                "ts", "", "  - { name: orders, type: long }"));

        assertThat(r.schemaProblems()).singleElement().hasToString("features/g.yaml:11: field 'features[0].type': "
                + "feature orders (long) is read from column ORDERS, a text column (CHARACTER VARYING); expected "
                + "an integer, decimal or floating-point column, e.g. CAST(x AS BIGINT) in the query");
    }

    @Test
    void a_boolean_timestamp_and_a_binary_string_are_reported_each_at_its_field() {
        JdbcSourceCheck.Report r = check(definition("SELECT customer_id, paid AS ts, photo FROM orders", "ts", "",
                "  - { name: photo, type: string }"));

        assertThat(r.schemaProblems()).extracting(DefinitionError::field, DefinitionError::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("source.timestamp", 7),
                        org.assertj.core.groups.Tuple.tuple("features[0].type", 11));
        assertThat(r.schemaProblems().get(0).problem()).isEqualTo("the timestamp is read from column TS, a boolean "
                + "column (BOOLEAN)");
        assertThat(r.schemaProblems().get(0).expected()).startsWith("a timestamp or date column, or epoch");
    }

    @Test
    void columns_the_normalizer_converts_exactly_are_accepted() {
        JdbcSourceCheck.Report r = check(definition("SELECT customer_id, amount AS as_double, epoch_ms AS as_long, "
                        + "amount AS as_decimal, CASE WHEN paid THEN 1 ELSE 0 END AS as_bool, created_at AS as_text, "
                        + "paid AS flag_text, epoch_ms AS ts FROM orders", "ts", "ts",
                "  - { name: as_double, type: double }\n  - { name: as_long, type: long }\n"
                        + "  - { name: as_decimal, type: decimal }\n  - { name: as_bool, type: bool }\n"
                        + "  - { name: as_text, type: string }\n  - { name: flag_text, type: string }"));

        assertThat(r.schemaProblems()).isEmpty();
    }

    @Test
    void a_query_the_database_rejects_is_reported_with_the_drivers_reason() {
        JdbcSourceCheck.Report r = check(definition("SELECT customer_id, x AS ts FROM no_such_table", "ts", "",
                "  - { name: x, type: long }"));

        assertThat(r.schemaProblems()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.query");
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.problem()).startsWith("cannot be prepared on datasource dw: ").contains("NO_SUCH_TABLE");
        });
    }

    @Test
    void the_schema_is_read_without_running_the_query() {
        // reading the one row would fail: 'not a number' cannot be cast
        JdbcSourceCheck.Report r = check(definition(
                "SELECT customer_id, CAST(note AS BIGINT) AS orders, created_at AS ts FROM orders", "ts", "",
                "  - { name: orders, type: long }"));

        assertThat(r.schemaProblems()).isEmpty();
    }

    @Test
    void an_incremental_query_that_cannot_be_wrapped_is_reported_at_the_incremental_column() {
        JdbcSourceCheck.Report r = check(definition(
                "SELECT customer_id, amount AS spend, created_at AS ts, created_at AS TS FROM orders", "ts", "ts",
                "  - { name: spend, type: double }"));

        assertThat(r.schemaProblems()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("source.incremental.column");
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.problem()).startsWith("the incremental query FStore sends cannot be prepared: ");
        });
    }

    @Test
    void a_wrong_password_is_reported_with_the_drivers_reason_and_never_the_password() throws Exception {
        String secured = "jdbc:h2:mem:secured_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection owner = DriverManager.getConnection(secured, "sa", "RightPw123")) {
            JdbcSourceCheck.Report r = check(new DataSourceSettings("dw", secured, "sa", "WrongPw456", 1),
                    definition("SELECT 1", "ts", "", "  - { name: x, type: long }"));

            assertThat(r.schemaProblems()).isEmpty();
            assertThat(r.unreachable()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("fstore.datasource.dw.url");
                assertThat(e.problem()).startsWith("cannot connect: Wrong user name or password");
                assertThat(e.expected()).contains("read by group(s) g");
                assertThat(e.toString()).doesNotContain("WrongPw456").doesNotContain("RightPw123");
            });
            try (Statement s = owner.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void a_refused_connection_is_reported_with_the_cause_and_the_url_password_masked() {
        JdbcSourceCheck.Report r = check(new DataSourceSettings("dw",
                "jdbc:postgresql://127.0.0.1:1/dw?user=etl&password=UrlPw789", "", "", 1),
                definition("SELECT 1", "ts", "", "  - { name: x, type: long }"));

        assertThat(r.unreachable()).singleElement().satisfies(e -> {
            assertThat(e.problem()).startsWith("cannot connect: Connection to 127.0.0.1:1 refused")
                    .contains("Connection refused");
            assertThat(e.toString()).doesNotContain("UrlPw789");
        });
    }

    @Test
    void a_url_no_driver_accepts_is_reported() {
        JdbcSourceCheck.Report r = check(new DataSourceSettings("dw", "jdbc:nosuchdb://h/x?password=UrlPw789", "", "",
                1), definition("SELECT 1", "ts", "", "  - { name: x, type: long }"));

        assertThat(r.unreachable()).singleElement().satisfies(e -> assertThat(e.problem())
                .isEqualTo("cannot connect: No suitable driver"));
    }
}
