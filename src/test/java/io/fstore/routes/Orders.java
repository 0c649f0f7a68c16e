package io.fstore.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A table of orders in the shared PostgreSQL, with a name no other test uses, dropped on close: row {@code i} is
 * customer {@code c<i % 30>}, amount {@code i * 1.5}, event time {@code 2024-01-01 + i minutes}. Plus what the
 * route tests read back: the online values (over HTTP) and the offline rows (DuckDB over the Parquet files).
 */
final class Orders implements AutoCloseable {

    static final int CUSTOMERS = 30;
    private static final Instant ZERO = Instant.parse("2024-01-01T00:00:00Z");
    private static int tables;

    final String url = TestDatabases.postgres();
    final String table;

    private Orders(String table) {
        this.table = table;
    }

    /** A new table holding rows 1..rows. */
    static synchronized Orders create(String purpose, int rows) throws Exception {
        Orders orders = new Orders("routes_" + purpose + "_" + ProcessHandle.current().pid() + "_" + (++tables) + "_"
                + System.nanoTime() % 10_000);
        TestDatabases.execute(orders.url, "CREATE TABLE " + orders.table + " (i INT, customer_id TEXT, "
                + "amount DOUBLE PRECISION, ts TIMESTAMP)");
        orders.insert(1, rows);
        return orders;
    }

    /** Adds rows from..to (inclusive). */
    void insert(int from, int to) throws Exception {
        TestDatabases.execute(url, "INSERT INTO " + table + " SELECT i, 'c' || (i % " + CUSTOMERS + "), i * 1.5, "
                + "TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' "
                + "FROM generate_series(" + from + ", " + to + ") AS i");
    }

    /** The event time of row i as the checkpoint of an incremental group on {@code ts} holds it. */
    static String ts(int i) {
        return ZERO.plusSeconds(60L * i).toString();
    }

    /** The properties of connection {@code name} on this server. */
    Map<String, String> connection(String name) {
        return Map.of("fstore.connection." + name + ".kind", "jdbc", "fstore.connection." + name + ".url", url);
    }

    /**
     * A group on this table: feature {@code amount} of entity {@code customer_id}, event time {@code ts}.
     *
     * @param query       the SQL, {@code %s} standing for the table
     * @param sourceExtra more lines of the source mapping, indented by two spaces (e.g. {@code incremental:})
     * @param more        the top-level lines after it (the trigger)
     */
    String group(String name, String connection, String query, String sourceExtra, String more) {
        return """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  connection: %s
                  query: %s
                  timestamp: ts
                %s%s
                features:
                  - { name: amount, type: double }
                """.formatted(name, connection, query.formatted(table), sourceExtra, more);
    }

    static void write(Path featuresDir, String name, String yaml) throws IOException {
        Files.createDirectories(featuresDir);
        Files.writeString(featuresDir.resolve(name + ".yaml"), yaml);
    }

    /** The newest amount of every customer among rows 1..upTo (what the online store must hold). */
    static Map<String, Double> newestAmounts(int upTo) {
        Map<String, Double> newest = new HashMap<>();
        for (int i = 1; i <= upTo; i++) {
            newest.put("c" + (i % CUSTOMERS), i * 1.5);
        }
        return newest;
    }

    /** The amount every customer has online (customers without one are left out), through the serving API. */
    static Map<String, Double> onlineAmounts(FStoreHarness fstore, String group) throws Exception {
        StringJoiner ids = new StringJoiner(",");
        for (int c = 0; c < CUSTOMERS; c++) {
            ids.add("c" + c);
        }
        JsonNode answer = fstore.getJson("/features/" + group + "?entity_id=" + ids);
        JsonNode results = answer.path("results");
        if (results.size() != CUSTOMERS) {
            throw new AssertionError("Unexpected answer for group " + group + ": " + answer);
        }
        Map<String, Double> amounts = new HashMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            JsonNode amount = results.get(c).path("features").path("amount");
            if ("present".equals(amount.path("status").asText())) {
                amounts.put("c" + c, amount.path("value").asDouble());
            }
        }
        return amounts;
    }

    /**
     * The group's offline rows: {@code rows} (every stored row, copies included), {@code versions} (distinct customer
     * and event time), {@code first} and {@code last} (the row numbers i = amount / 1.5 of the oldest and newest).
     */
    static Map<String, Object> offline(FStoreHarness fstore, String group) throws Exception {
        if (!Files.isDirectory(fstore.dataDir.resolve("offline").resolve(group))) {
            return Map.of("rows", 0L, "versions", 0L);
        }
        List<Map<String, Object>> rows = fstore.duckdb("""
                SELECT count(*) AS rows, count(DISTINCT (customer_id, event_timestamp)) AS versions,
                       CAST(min(amount) / 1.5 AS BIGINT) AS first, CAST(max(amount) / 1.5 AS BIGINT) AS last
                FROM read_parquet('{offline}/%s/**/*.parquet')""".formatted(group));
        return rows.get(0);
    }

    /** Parquet files of the group (each stored chunk is one). */
    static long offlineFiles(Path dataDir, String group) throws IOException {
        Path dir = dataDir.resolve("offline").resolve(group);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    @Override
    public void close() throws Exception {
        TestDatabases.execute(url, "DROP TABLE IF EXISTS " + table);
    }

    /** JUnit temporary folders named fstore-routes-* (deleted by JUnit after the test). */
    static final class TempDirs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory("fstore-routes-");
        }
    }
}
