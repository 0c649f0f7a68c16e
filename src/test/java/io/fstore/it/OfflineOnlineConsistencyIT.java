package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Materializes one group from PostgreSQL with each online store type, then checks every entity's online vector
 * against the newest row per entity in the Parquet files (read by DuckDB): the two stores never disagree.
 */
class OfflineOnlineConsistencyIT {

    private static final int ROWS = 5_000;

    @ParameterizedTest(name = "online store {0}")
    @ValueSource(strings = {"embedded", "redis", "postgres"})
    void every_online_value_is_the_newest_offline_row_of_its_entity(String onlineType, @TempDir Path work)
            throws Exception {
        String url = TestDatabases.postgres();
        String table = "consistency_" + onlineType + "_" + System.nanoTime() % 1_000_000;
        TestDatabases.execute(url, "CREATE TABLE " + table + " AS SELECT 'c' || (i * 7 % 300) AS customer_id, "
                + "round((i * 37 % 1000) / 10.0, 2) AS spend, i % 13 AS items, "
                + "TIMESTAMP '2024-05-01' + ((i * 7919) % " + ROWS + ") * INTERVAL '1 minute' AS ts "
                + "FROM generate_series(1, " + ROWS + ") AS i");
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features/purchases.yaml"), """
                name: purchases
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, spend, items, ts FROM %s
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: spend, type: double }
                  - { name: items, type: long }
                """.formatted(table));
        Map<String, String> settings = Map.of("fstore.datasource.pg.url", url, "fstore.chunk-size", "700",
                "fstore.online.type", onlineType, "fstore.online.redis.url", TestDatabases.redis(),
                "fstore.online.postgres.datasource", "pg");
        try (FStoreHarness fstore = new FStoreHarness(work, settings)) {
            RunSummary run = fstore.run("purchases");
            assertThat(run.rowsStored()).isEqualTo(ROWS);

            List<Map<String, Object>> newest = fstore.duckdb("""
                    SELECT customer_id, spend, items, epoch_us(event_timestamp) AS ts
                    FROM read_parquet('{offline}/purchases/*/*.parquet')
                    QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY event_timestamp DESC) = 1""");
            assertThat(newest).hasSize(300);
            for (Map<String, Object> row : newest) {
                JsonNode f = fstore.getJson("/features/purchases/" + row.get("customer_id")).get("features");
                assertThat(f.get("spend").get("value").asDouble()).as(row.toString()).isEqualTo(row.get("spend"));
                assertThat(f.get("items").get("value").asLong()).isEqualTo(row.get("items"));
                assertThat(java.time.Instant.parse(f.get("spend").get("event_timestamp").asText()))
                        .isEqualTo(java.time.Instant.EPOCH.plusNanos((Long) row.get("ts") * 1000));
            }
        } finally {
            TestDatabases.execute(url, "DROP TABLE " + table);
        }
    }
}
