package io.fstore.store.online;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.fstore.model.FeatureRecord;
import io.fstore.normalize.Timestamps;

/**
 * Online store on PostgreSQL: one row per (group, entity, feature) in {@code fstore_online}. A batch is one
 * {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE ... WHERE stored.event_micros <
 * excluded.event_micros}: newest event wins inside the database, so concurrent writers never regress a value. A
 * lookup of many entities is one query.
 */
public final class PostgresOnlineStore implements OnlineStore {

    private static final String TABLE = "fstore_online";
    private static final String UPSERT = "INSERT INTO " + TABLE + " AS s (group_name, entity_id, feature, value, "
            + "event_micros) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[], ?::bigint[]) "
            + "ON CONFLICT (group_name, entity_id, feature) DO UPDATE SET value = EXCLUDED.value, "
            + "event_micros = EXCLUDED.event_micros WHERE s.event_micros < EXCLUDED.event_micros";
    private static final String SELECT = "SELECT entity_id, feature, value FROM " + TABLE
            + " WHERE group_name = ? AND entity_id = ANY(?) AND feature = ANY(?)";

    private final DataSource dataSource;

    public PostgresOnlineStore(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (group_name text NOT NULL, entity_id text NOT NULL, "
                    + "feature text NOT NULL, value bytea NOT NULL, event_micros bigint NOT NULL, "
                    + "PRIMARY KEY (group_name, entity_id, feature))");
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the online table " + TABLE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(List<FeatureRecord> records) {
        // one row per key per statement (ON CONFLICT cannot touch a row twice): newest record per key first
        Map<String, FeatureRecord> newest = new LinkedHashMap<>();
        for (FeatureRecord r : records) {
            newest.merge(r.featureGroup() + '\0' + r.entityId() + '\0' + r.feature(), r,
                    (a, b) -> b.eventTimestamp().isAfter(a.eventTimestamp()) ? b : a);
        }
        if (newest.isEmpty()) {
            return;
        }
        int n = newest.size();
        String[] groups = new String[n];
        String[] entities = new String[n];
        String[] features = new String[n];
        byte[][] values = new byte[n][];
        Long[] micros = new Long[n];
        int i = 0;
        for (FeatureRecord r : newest.values()) {
            groups[i] = r.featureGroup();
            entities[i] = r.entityId();
            features[i] = r.feature();
            values[i] = ValueCodec.encode(r.value(), r.eventTimestamp());
            micros[i] = Timestamps.toMicros(r.eventTimestamp());
            i++;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setArray(1, c.createArrayOf("text", groups));
            ps.setArray(2, c.createArrayOf("text", entities));
            ps.setArray(3, c.createArrayOf("text", features));
            ps.setArray(4, c.createArrayOf("bytea", values));
            ps.setArray(5, c.createArrayOf("bigint", micros));
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, group);
            Array ids = c.createArrayOf("text", entityIds.toArray());
            ps.setArray(2, ids);
            ps.setArray(3, c.createArrayOf("text", features.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byEntity.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), ValueCodec.decode(rs.getBytes(3)));
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
    public void deleteGroup(String group) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE group_name = ?")) {
            ps.setString(1, group);
            ps.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete group " + group + ": " + e.getMessage(), e);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL table " + TABLE;
    }

    @Override
    public void close() {
        // the pool belongs to whoever created it
    }
}
