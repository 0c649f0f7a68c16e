package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The online store contract on a real PostgreSQL server. */
class PostgresOnlineStoreIT extends OnlineStoreContract {

    private static HikariDataSource pool;

    @Override
    protected OnlineStore newStore() {
        if (pool == null) {
            pool = new HikariDataSource();
            pool.setJdbcUrl(TestDatabases.postgres());
            pool.setMaximumPoolSize(8);
        }
        return new PostgresOnlineStore(pool);
    }

    private HikariDataSource nowhere;

    /** A store on a pool to a port where no server listens (its wait for a connection cut to 1 s). */
    @Override
    protected OnlineStore storeThatCannotServe() throws Exception {
        nowhere = new HikariDataSource();
        nowhere.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + FStoreHarness.freePort() + "/fstore");
        nowhere.setConnectionTimeout(1_000);
        nowhere.setInitializationFailTimeout(-1);
        return new PostgresOnlineStore(nowhere);
    }

    @Override
    protected void cutShort(String group, String entity, String feature, int bytes) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + PostgresOnlineStore.TABLE + " SET value = substring(value FROM 1 FOR length(value) - ?) "
                + "WHERE group_name = ? AND entity_id = ? AND feature = ?")) {
            ps.setInt(1, bytes);
            ps.setString(2, group);
            ps.setString(3, entity);
            ps.setString(4, feature);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @AfterEach
    void closeNowhere() {
        if (nowhere != null) {
            nowhere.close();
        }
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Test
    void the_store_its_settings_describe_creates_its_table_on_create_and_uses_only_that_table() throws Exception {
        String table = "fstore_online_cfg_" + Long.toHexString(System.nanoTime());
        java.util.Properties props = new java.util.Properties();
        props.setProperty("fstore.online.type", "postgres");
        props.setProperty("fstore.online.postgres.datasource", "pg");
        props.setProperty("fstore.online.postgres.table", table);
        List<io.fstore.definition.DefinitionError> errors = new java.util.ArrayList<>();
        OnlineStoreConfig config = OnlineStoreTypes.read(props, "test", java.util.Set.of("pg"), errors);
        assertThat(errors).isEmpty();
        FeatureGroup g = definition("cfg_" + Long.toHexString(System.nanoTime()), Duration.ZERO, SPEND, ORDERS);
        try (OnlineStore configured = OnlineStoreTypes.open(config,
                new OnlineStoreContext(java.nio.file.Path.of("unused"), name -> name.equals("pg") ? pool : null))) {
            assertThat(tableExists(table)).as("nothing is created before create").isFalse();
            configured.create(g);
            configured.create(g);
            assertThat(tableExists(table)).isTrue();

            configured.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {2.0, 2L})), I1);

            assertThat(configured.read(g.name(), List.of("c1"), List.of("spend", "orders")).get(0))
                    .containsOnly(Map.entry("spend", new StoredValue(2.0, T2)), Map.entry("orders", new StoredValue(2L, T2)));
            assertThat(store.read(g.name(), List.of("c1"), List.of("spend"))).as("the default table").containsOnly(Map.of());
            assertThat(configured.describe()).isEqualTo("PostgreSQL table " + table);
        } finally {
            TestDatabases.execute(TestDatabases.postgres(), "DROP TABLE IF EXISTS " + table);
        }
    }

    private static boolean tableExists(String table) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void a_table_created_before_ingestion_times_gains_the_column_and_keeps_its_values() throws Exception {
        String table = "fstore_online_old_" + Long.toHexString(System.nanoTime());
        FeatureGroup g = wideGroup("old_table", Duration.ZERO);
        try {
            TestDatabases.execute(TestDatabases.postgres(), "CREATE TABLE " + table + " (group_name text NOT NULL, "
                    + "entity_id text NOT NULL, feature text NOT NULL, value bytea NOT NULL, event_micros bigint NOT "
                    + "NULL, PRIMARY KEY (group_name, entity_id, feature))");
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " VALUES (?, ?, 'spend', ?, ?)")) {
                for (String entity : List.of("c1", "c2")) {
                    ps.setString(1, g.name());
                    ps.setString(2, entity);
                    ps.setBytes(3, ValueCodec.encode(100.0, T2));
                    ps.setLong(4, Timestamps.toMicros(T2));
                    ps.executeUpdate();
                }
            }

            PostgresOnlineStore upgraded = new PostgresOnlineStore(pool, table);
            upgraded.create(g);
            upgraded.create(g);
            assertThat(upgraded.read(g.name(), List.of("c1"), List.of("spend")).get(0))
                    .containsExactly(Map.entry("spend", new StoredValue(100.0, T2)));
            upgraded.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {60.0, 2L}),
                    new FeatureRow("c2", T1, new Object[] {1.0, 1L})), I1);

            assertThat(upgraded.read(g.name(), List.of("c1", "c2"), List.of("spend")))
                    .as("a later ingestion at the same event replaces an old row; an older event does not")
                    .containsExactly(Map.of("spend", new StoredValue(60.0, T2)),
                            Map.of("spend", new StoredValue(100.0, T2)));
        } finally {
            TestDatabases.execute(TestDatabases.postgres(), "DROP TABLE IF EXISTS " + table);
        }
    }
}
