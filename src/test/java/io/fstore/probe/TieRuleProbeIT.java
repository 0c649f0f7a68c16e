package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fstore.definition.DefinitionLoader;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.model.FeatureGroup;
import io.fstore.store.offline.OfflineRows;
import io.fstore.store.offline.ParquetOfflineStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 point 6 probes, end to end through the pipeline on every online store: one tie rule, (event time,
 * ingestion time), later wins; within one chunk the later row wins; "the offline reader keeps the same version".
 */
class TieRuleProbeIT {

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String table = Probe.unique("probe_tie");
    private final String group = Probe.unique("tie");

    @BeforeEach
    void seed() throws Exception {
        TestDatabases.execute(pg, "CREATE TABLE " + table + " (seq int, customer_id text, amount numeric(10,2), "
                + "ts timestamp)");
        Probe.feature(work, group, """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT customer_id, amount, ts FROM %s ORDER BY seq
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: decimal, precision: 10, scale: 2 }
                """.formatted(group, table));
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    private FStoreHarness start(String online) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("fstore.datasource.pg.url", pg, "fstore.online.type", online));
        props.put("fstore.online.redis.url", TestDatabases.redis());
        props.put("fstore.online.postgres.datasource", "pg");
        return new FStoreHarness(work, props);
    }

    private String served(FStoreHarness fstore, String id) throws Exception {
        return fstore.getJson("/features/" + group + "/" + id).path("features").path("amount").path("value").asText();
    }

    private Map<String, String> offline() {
        FeatureGroup g = new DefinitionLoader(Set.of("pg")).loadDirectory(work.resolve("features")).get(0);
        Map<String, String> values = new HashMap<>();
        try (ParquetOfflineStore store = new ParquetOfflineStore(work.resolve("data/offline"), "SNAPPY");
             OfflineRows rows = store.read(g)) {
            rows.forEachRemaining(r -> values.put(r.entityId(),
                    r.value(0) == null ? null : ((java.math.BigDecimal) r.value(0)).toPlainString()));
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "redis", "postgres"})
    void a_refund_at_the_same_event_time_reaches_the_online_store_and_the_offline_reader(String online)
            throws Exception {
        TestDatabases.execute(pg, "INSERT INTO " + table + " VALUES (1, 'c1', 100.00, '2024-01-01 10:00')");
        try (FStoreHarness fstore = start(online)) {
            fstore.run(group);
            assertThat(served(fstore, "c1")).isEqualTo("100.00");
            TestDatabases.execute(pg, "UPDATE " + table + " SET amount = 90.00 WHERE customer_id = 'c1'");
            fstore.run(group);
            assertThat(served(fstore, "c1")).as(online).isEqualTo("90.00");
            assertThat(offline()).containsEntry("c1", "90.00");
        }
    }

    /** Two rows of one (entity, event time) in one chunk, in query order: 1.00 then 2.00. The later row wins. */
    @ParameterizedTest
    @ValueSource(strings = {"embedded", "redis", "postgres"})
    void within_one_chunk_the_later_row_wins_online_and_offline(String online) throws Exception {
        TestDatabases.execute(pg, "INSERT INTO " + table + " VALUES (1, 'c2', 1.00, '2024-01-01 10:00'), "
                + "(2, 'c2', 2.00, '2024-01-01 10:00')");
        try (FStoreHarness fstore = start(online)) {
            fstore.run(group);
            assertThat(served(fstore, "c2")).as(online).isEqualTo("2.00");
            assertThat(offline()).as("the offline reader keeps the same version as the online store")
                    .containsEntry("c2", "2.00");
            List<Map<String, Object>> duck = Probe.duckdb(work.resolve("data"), "SELECT CAST(amount AS VARCHAR) AS a "
                    + "FROM read_parquet('{offline}/" + group + "/*/*.parquet', hive_partitioning = true) "
                    + "QUALIFY row_number() OVER (PARTITION BY customer_id, event_timestamp "
                    + "ORDER BY created_timestamp DESC) = 1");
            assertThat(duck).as("the README's DuckDB query").extracting(r -> r.get("a")).containsExactly("2.00");
        }
    }
}
