package io.fstore.store.online;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The default online store: RocksDB, embedded, persistent in a folder under the data directory, no server to run.
 * One key per group and entity ({@code group \0 entity}) holding every feature's latest value ({@link EntityValues}),
 * so a lookup is one read and a chunk is one atomic write batch of merges (the newest (event time, ingestion time)
 * wins inside RocksDB, see {@link EntityValues}). RocksDB is a log-structured store: random upserts stay cheap as the
 * entity count grows (H2's MVStore, tried first, rewrote most of its pages on every chunk commit). Writes go through
 * RocksDB's write-ahead log, so a batch survives a process crash once written.
 */
public final class EmbeddedOnlineStore implements OnlineStore {

    private static final char SEP = '\0';

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions = new WriteOptions();
    private boolean closed;
    private final Path dir;

    public EmbeddedOnlineStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            // point lookups only: bloom filters let a get skip files without the key; a block cache keeps hot entities
            this.options = new Options().setCreateIfMissing(true)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setFilterPolicy(new BloomFilter(10))
                            .setBlockCache(new LRUCache(128L << 20)))
                    .setMergeOperatorName("max")
                    .setWriteBufferSize(64L << 20)
                    .setMaxBackgroundJobs(2);
            this.db = RocksDB.open(options, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the online store folder " + dir, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot open the online store in " + dir + ": " + e.getMessage(), e);
        }
        try {
            EmbeddedFormat.upgrade(db, writeOptions);
        } catch (RocksDBException | RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot open the online store in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] key(String group, String entity) {
        return (group + SEP + entity).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Per-feature records: read, merge per feature (newest event wins, ties go to the later record), write back. A
     * group is written either this way or by {@link #writeRows} (the pipeline), not both: a row replaces the whole
     * entity when it is not older than the entity's newest (event, ingestion) stored.
     */
    @Override
    public synchronized void write(List<FeatureRecord> records) {
        long ingestedMicros = Timestamps.toMicros(Instant.now());
        Map<String, Map<String, byte[]>> updates = new LinkedHashMap<>();
        for (FeatureRecord r : records) {
            updates.computeIfAbsent(r.featureGroup() + SEP + r.entityId(), k -> new HashMap<>())
                    .merge(r.feature(), ValueCodec.encode(r.value(), r.eventTimestamp()), EmbeddedOnlineStore::newer);
        }
        if (updates.isEmpty()) {
            return; // RocksDB rejects an empty multi-get
        }
        List<byte[]> keys = new ArrayList<>(updates.size());
        updates.keySet().forEach(k -> keys.add(k.getBytes(StandardCharsets.UTF_8)));
        try (WriteBatch batch = new WriteBatch()) {
            List<byte[]> current = db.multiGetAsList(keys);
            int i = 0;
            for (Map<String, byte[]> update : updates.values()) {
                Map<String, byte[]> stored = EntityValues.decode(current.get(i));
                boolean changed = false;
                for (Map.Entry<String, byte[]> e : update.entrySet()) {
                    byte[] old = stored.get(e.getKey());
                    if (old == null || ValueCodec.eventMicros(e.getValue()) >= ValueCodec.eventMicros(old)) {
                        stored.put(e.getKey(), e.getValue());
                        changed = true;
                    }
                }
                if (changed) {
                    batch.put(keys.get(i), EntityValues.encode(stored, ingestedMicros));
                }
                i++;
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Online store write failed: " + e.getMessage(), e);
        }
    }

    /**
     * A chunk of a group's rows: the newest row per entity is merged with RocksDB's {@code max} operator, which keeps
     * the version with the newest (event time, ingestion time). No read before write: this is the pipeline's hot path.
     */
    @Override
    public synchronized void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        long ingestedMicros = Timestamps.toMicros(ingestedAt);
        byte[][] names = new byte[group.features().size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = group.features().get(i).name().getBytes(StandardCharsets.UTF_8);
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (FeatureRow row : FeatureRow.newestPerEntity(rows)) {
                batch.merge(key(group.name(), row.entityId()),
                        EntityValues.encodeRow(group.features(), names, row.values(), row.eventTimestamp(),
                                ingestedMicros));
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Online store write failed: " + e.getMessage(), e);
        }
    }

    private static byte[] newer(byte[] a, byte[] b) {
        return ValueCodec.eventMicros(b) >= ValueCodec.eventMicros(a) ? b : a;
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        if (entityIds.isEmpty()) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>(entityIds.size());
        entityIds.forEach(id -> keys.add(key(group, id)));
        List<byte[]> values;
        try {
            values = db.multiGetAsList(keys);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Online store read failed: " + e.getMessage(), e);
        }
        List<Map<String, StoredValue>> result = new ArrayList<>(entityIds.size());
        for (byte[] bytes : values) {
            Map<String, byte[]> stored = EntityValues.decode(bytes);
            Map<String, StoredValue> found = new HashMap<>();
            for (String feature : features) {
                byte[] value = stored.get(feature);
                if (value != null) {
                    found.put(feature, ValueCodec.decode(value));
                }
            }
            result.add(found);
        }
        return result;
    }

    @Override
    public synchronized void deleteGroup(String group) {
        byte[] from = key(group, "");
        byte[] to = Arrays.copyOf(from, from.length);
        to[to.length - 1]++; // the separator + 1: the first key after every key of the group
        try {
            db.deleteRange(from, to);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot delete group " + group + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "embedded RocksDB in " + dir.toAbsolutePath();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeOptions.close();
        db.close();
        options.close();
    }
}
