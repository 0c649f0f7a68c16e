package io.fstore.source.contract;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import io.fstore.it.TestDatabases;

/** The source contract for {@code kind: jdbc}, on one SQL server per subclass. */
abstract class JdbcSourceContract extends SourceContract {

    private static int tables;

    /** The JDBC URL of the real server. */
    abstract String jdbcUrl();

    /** The type of a column holding a timestamp with milliseconds. */
    abstract String timestampType();

    @Override
    protected String kind() {
        return "jdbc";
    }

    @Override
    protected Map<String, String> connection() {
        return Map.of("fstore.connection.src.kind", "jdbc", "fstore.connection.src.url", jdbcUrl());
    }

    @Override
    protected Map<String, String> unreachableConnection() {
        return Map.of("fstore.connection.src.kind", "jdbc",
                "fstore.connection.src.url", jdbcUrl().replaceFirst(":(5432|3306|\\d{4,5})/", ":1/"),
                "fstore.connection.src.connect-timeout", "2");
    }

    /** A user the server does not know (PostgreSQL here trusts local users, so a password alone is not checked). */
    @Override
    protected Map<String, String> wrongCredentialsConnection() {
        return Map.of("fstore.connection.src.kind", "jdbc",
                "fstore.connection.src.url", jdbcUrl().replaceFirst("user=[^&]*", "user=fstore_nobody"),
                "fstore.connection.src.password", WRONG_SECRET,
                "fstore.connection.src.connect-timeout", "5");
    }

    @Override
    protected Dataset newDataset() throws Exception {
        String table = "contract_" + ProcessHandle.current().pid() + "_" + (++tables) + "_" + System.nanoTime() % 10_000;
        TestDatabases.execute(jdbcUrl(), "CREATE TABLE " + table + " (customer_id VARCHAR(16), qty BIGINT NOT NULL, "
                + "score DOUBLE PRECISION NOT NULL, segment VARCHAR(32) NOT NULL, vip BOOLEAN NOT NULL, "
                + "balance DECIMAL(20,2) NOT NULL, first_at " + timestampType() + " NOT NULL, updated_at "
                + timestampType() + " NOT NULL)");
        return new Table(table);
    }

    /** A table in the real server, dropped on close. */
    final class Table implements Dataset {
        final String name;

        Table(String name) {
            this.name = name;
        }

        @Override
        public void insert(List<Item> items) throws Exception {
            try (Connection c = DriverManager.getConnection(jdbcUrl());
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + name
                         + " (customer_id, qty, score, segment, vip, balance, first_at, updated_at) "
                         + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Item i : items) {
                    ps.setString(1, i.customer());
                    ps.setLong(2, i.qty());
                    ps.setDouble(3, i.score());
                    ps.setString(4, i.segment());
                    ps.setBoolean(5, i.vip());
                    ps.setBigDecimal(6, i.balance());
                    ps.setTimestamp(7, Timestamp.from(i.firstAt()));
                    ps.setTimestamp(8, Timestamp.from(i.updatedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        @Override
        public void close() throws Exception {
            TestDatabases.execute(jdbcUrl(), "DROP TABLE IF EXISTS " + name);
        }
    }

    @Override
    protected String wideSource(Dataset dataset) {
        return "  query: SELECT customer_id, qty, score, segment, vip, balance, first_at, updated_at FROM "
                + ((Table) dataset).name + "\n  timestamp: updated_at\n";
    }

    @Override
    protected String longSource(Dataset dataset) {
        return "  query: SELECT customer_id AS entity_id, balance AS value, updated_at AS ts FROM "
                + ((Table) dataset).name + "\n  timestamp: ts\n";
    }

    @Override
    protected String refusedSource(Dataset dataset) {
        return "  query: SELECT customer_id, qty, no_such_column, updated_at FROM " + ((Table) dataset).name
                + "\n  timestamp: updated_at\n";
    }
}
