package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.fstore.it.FStoreHarness;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full-refresh group run end to end three times: the runs that read unchanged rows add nothing offline, a refund
 * (same event time, other value) and a new order add exactly their versions, and DuckDB reads the layout as it is.
 */
class FullRefreshOfflineIT {

    private static final int CUSTOMERS = 500;

    @Test
    void reruns_store_only_changed_rows_in_at_most_one_file_per_chunk(@TempDir Path work) throws Exception {
        String db = "jdbc:h2:mem:full_refresh_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(8), amount DECIMAL(8,2), ts TIMESTAMP)");
            s.execute("INSERT INTO orders SELECT 'c' || (x % " + CUSTOMERS + "), 10 + x % 7, "
                    + "TIMESTAMP '2024-01-01 00:00:00' + x * INTERVAL '1' HOUR "
                    + "FROM (SELECT \"X\" AS x FROM SYSTEM_RANGE(1, 1500)) r");
            Files.createDirectories(work.resolve("features"));
            Files.writeString(work.resolve("features/spend.yaml"), """
                    name: spend
                    entity: { name: customer, key: customer_id }
                    source:
                      kind: jdbc
                      datasource: dw
                      query: SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n, MAX(ts) AS ts FROM orders GROUP BY customer_id
                      timestamp: ts
                    schedule: "0 0 0 1 1 ? 2099"
                    features:
                      - { name: total, type: decimal, precision: 10, scale: 2 }
                      - { name: n, type: long }
                    """);
            try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", db,
                    "fstore.chunk-size", "100"))) {
                RunSummary first = fstore.run("spend");
                long filesAfterFirst = count(fstore, "SELECT count(DISTINCT filename) AS n FROM "
                        + "read_parquet('{offline}/spend/*/*.parquet', filename = true)");
                fstore.run("spend");
                RunSummary third = fstore.run("spend");

                assertThat(first.chunks()).isEqualTo(5);
                assertThat(filesAfterFirst).as("one file per chunk").isEqualTo(5);
                assertThat(third.rowsRead()).isEqualTo(CUSTOMERS);
                assertThat(count(fstore, "SELECT count(*) AS n FROM read_parquet('{offline}/spend/*/*.parquet')"))
                        .as("unchanged reruns store nothing").isEqualTo(CUSTOMERS);
                assertThat(count(fstore, "SELECT count(DISTINCT filename) AS n FROM "
                        + "read_parquet('{offline}/spend/*/*.parquet', filename = true)")).isEqualTo(5);

                s.execute("UPDATE orders SET amount = amount - 5 WHERE customer_id = 'c1' AND ts = "
                        + "(SELECT MIN(ts) FROM orders WHERE customer_id = 'c1')");
                s.execute("INSERT INTO orders VALUES ('c2', 99.00, TIMESTAMP '2025-01-01 00:00:00')");
                fstore.run("spend");

                assertThat(count(fstore, "SELECT count(*) AS n FROM read_parquet('{offline}/spend/*/*.parquet')"))
                        .as("the refund and the new order, nothing else").isEqualTo(CUSTOMERS + 2);
                Map<String, String> newest = query(fstore, """
                        SELECT customer_id, CAST(total AS VARCHAR) || '/' || n AS v
                        FROM read_parquet('{offline}/spend/*/*.parquet', hive_partitioning = true)
                        QUALIFY row_number() OVER (PARTITION BY customer_id
                                                   ORDER BY event_timestamp DESC, created_timestamp DESC) = 1""");
                try (ResultSet rs = s.executeQuery("SELECT customer_id, CAST(SUM(amount) AS DECIMAL(10,2)), COUNT(*) "
                        + "FROM orders GROUP BY customer_id")) {
                    while (rs.next()) {
                        assertThat(newest.get(rs.getString(1))).as(rs.getString(1))
                                .isEqualTo(rs.getBigDecimal(2).toPlainString() + "/" + rs.getLong(3));
                    }
                }
                assertThat(newest).hasSize(CUSTOMERS);
            } finally {
                s.execute("DROP ALL OBJECTS");
            }
        }
    }

    private static long count(FStoreHarness fstore, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.replace("{offline}", fstore.dataDir.resolve("offline").toString()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> query(FStoreHarness fstore, String sql) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.replace("{offline}", fstore.dataDir.resolve("offline").toString()))) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }
}
