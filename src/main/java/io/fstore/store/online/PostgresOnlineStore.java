package io.fstore.store.online;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;

/**
 * Online store on PostgreSQL: one row per (group, entity, feature) in {@code fstore_online}. A batch is one
 * {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE ... WHERE (stored event, stored ingestion) <=
 * (incoming event, incoming ingestion)}: the tie rule of {@link OnlineStore} applies inside the database, so
 * concurrent writers never regress a value. A lookup of many entities is one query. {@link #create} creates the table
 * (or adds the ingestion column to one created by an older FStore); {@link #teardown} deletes the group's rows.
 * Chosen by {@code fstore.online.type=postgres}, settings in {@link PostgresOnlineStoreConfig}.
 */
public final class PostgresOnlineStore implements OnlineStore {

    static final String TABLE = "fstore_online";
    /** Rows written without an ingestion time (by an older FStore) count as ingested before anything else. */
    private static final long UNKNOWN_INGESTION = Long.MIN_VALUE;

    private final DataSource dataSource;
    private final String table;
    private final String upsert;
    private final String select;
    private volatile boolean tableReady;

    public PostgresOnlineStore(DataSource dataSource) {
        this(dataSource, TABLE);
    }

    /** On another table than {@value #TABLE} ({@code fstore.online.postgres.table}). */
    public PostgresOnlineStore(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
        this.upsert = "INSERT INTO " + table + " AS s (group_name, entity_id, feature, value, event_micros, "
                + "ingested_micros) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[], ?::bigint[], "
                + "?::bigint[]) ON CONFLICT (group_name, entity_id, feature) DO UPDATE SET value = EXCLUDED.value, "
                + "event_micros = EXCLUDED.event_micros, ingested_micros = EXCLUDED.ingested_micros "
                + "WHERE (s.event_micros, s.ingested_micros) <= (EXCLUDED.event_micros, EXCLUDED.ingested_micros)";
        this.select = "SELECT entity_id, feature, value FROM " + table
                + " WHERE group_name = ? AND entity_id = ANY(?) AND feature = ANY(?)";
    }

    /**
     * Creates the table every group shares when it is missing, and adds the ingestion column to a table an older
     * FStore created; once per store object (the first group does it, the others find it done).
     */
    @Override
    public void create(FeatureGroup group) {
        if (tableReady) {
            return;
        }
        synchronized (this) {
            if (tableReady) {
                return;
            }
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (group_name text NOT NULL, entity_id text NOT NULL, "
                        + "feature text NOT NULL, value bytea NOT NULL, event_micros bigint NOT NULL, "
                        + "ingested_micros bigint NOT NULL DEFAULT " + UNKNOWN_INGESTION + ", "
                        + "PRIMARY KEY (group_name, entity_id, feature))");
                if (!hasIngestionColumn(c)) { // a table created before ingestion times were stored
                    s.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS ingested_micros bigint NOT NULL "
                            + "DEFAULT " + UNKNOWN_INGESTION);
                }
                commit(c);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the online table " + table + " for group "
                        + group.name() + ": " + e.getMessage(), e);
            }
            tableReady = true;
        }
    }

    /** Checked first so a current table is not locked by ALTER TABLE at every start. */
    private boolean hasIngestionColumn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.columns WHERE table_schema "
                + "= current_schema() AND table_name = ? AND column_name = 'ingested_micros'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        // one row per key per statement (ON CONFLICT cannot touch a row twice): the newest row per entity
        Collection<FeatureRow> newest = FeatureRow.newestPerEntity(rows);
        if (newest.isEmpty()) {
            return;
        }
        List<Feature> features = group.features();
        int n = newest.size() * features.size();
        String[] groups = new String[n];
        String[] entities = new String[n];
        String[] names = new String[n];
        byte[][] values = new byte[n][];
        Long[] micros = new Long[n];
        Long[] ingested = new Long[n];
        Long ingestedMicros = Timestamps.toMicros(ingestedAt);
        int i = 0;
        for (FeatureRow row : newest) {
            Long eventMicros = Timestamps.toMicros(row.eventTimestamp());
            for (int f = 0; f < features.size(); f++) {
                groups[i] = group.name();
                entities[i] = row.entityId();
                names[i] = features.get(f).name();
                values[i] = ValueCodec.encode(row.values()[f], row.eventTimestamp());
                micros[i] = eventMicros;
                ingested[i] = ingestedMicros;
                i++;
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setArray(1, c.createArrayOf("text", groups));
            ps.setArray(2, c.createArrayOf("text", entities));
            ps.setArray(3, c.createArrayOf("text", names));
            ps.setArray(4, c.createArrayOf("bytea", values));
            ps.setArray(5, c.createArrayOf("bigint", micros));
            ps.setArray(6, c.createArrayOf("bigint", ingested));
            ps.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Online store write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        if (entityIds.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, StoredValue>> byEntity = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, group);
            Array ids = c.createArrayOf("text", entityIds.toArray());
            ps.setArray(2, ids);
            ps.setArray(3, c.createArrayOf("text", features.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String entity = rs.getString(1);
                    String feature = rs.getString(2);
                    byEntity.computeIfAbsent(entity, k -> new HashMap<>())
                            .put(feature, ValueCodec.decode(rs.getBytes(3), group, entity, feature));
                }
            }
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Online store read failed: " + e.getMessage(), e);
        }
        List<Map<String, StoredValue>> result = new ArrayList<>(entityIds.size());
        entityIds.forEach(id -> result.add(byEntity.getOrDefault(id, Map.of())));
        return result;
    }

    @Override
    public void teardown(String group) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE group_name = ?")) {
            ps.setString(1, group);
            ps.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete group " + group + ": " + e.getMessage(), e);
        }
    }

    /**
     * A pooled connection the server confirms within the timeout ({@code isValid}): what a read needs. The pool's
     * wait for a connection is its own (the health check bounds it).
     */
    @Override
    public void ping(java.time.Duration timeout) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(seconds)) {
                throw new IllegalStateException("PostgreSQL did not confirm a connection within " + seconds + " s");
            }
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL does not answer: " + e.getMessage(), e);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL table " + table;
    }

    @Override
    public void close() {
        // the pool belongs to whoever created it
    }
}
