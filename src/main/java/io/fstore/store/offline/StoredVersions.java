package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The versions a full-refresh group already holds offline: one RocksDB entry per stored (entity, event time), its
 * value the {@link RowFingerprint} of the values stored last for it. A chunk's rows are compared with it
 * ({@link #changes}) and the file of the changed rows is written before the entries are updated ({@link #remember}),
 * so the state never claims a row the Parquet files do not hold.
 *
 * <p>Keyed by (entity, event time) rather than by entity alone: a full-refresh query may return an entity's history,
 * in any order, and only a per-version entry tells a stored older row from a backfilled one. Memory is bounded by the
 * chunk (a multi-get per chunk), not by the entity count; RocksDB keeps the rest on disk behind bloom filters and a
 * block cache shared by all groups.
 */
final class StoredVersions implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final BloomFilter filter;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions durable = new WriteOptions().setSync(true);
    private boolean closed;

    private StoredVersions(Path dir, BloomFilter filter, Options options, RocksDB db) {
        this.dir = dir;
        this.filter = filter;
        this.options = options;
        this.db = db;
    }

    /** Opens (or creates) the state in {@code dir}, sharing the block cache and memtable budget with other groups. */
    static StoredVersions open(Path dir, Cache cache, WriteBufferManager memtables) {
        BloomFilter filter = new BloomFilter(10);
        Options options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter).setBlockCache(cache))
                .setWriteBufferManager(memtables)
                .setWriteBufferSize(16L << 20)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(2);
        try {
            Files.createDirectories(dir);
            return new StoredVersions(dir, filter, options, RocksDB.open(options, dir.toString()));
        } catch (IOException e) {
            options.close();
            filter.close();
            throw new UncheckedIOException("Cannot create the offline change state folder " + dir, e);
        } catch (RocksDBException e) {
            options.close();
            filter.close();
            throw new IllegalStateException("Cannot open the offline change state in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What a chunk changes: the rows to store, and the entries to record once they are stored. */
    record Changes(List<FeatureRow> rows, List<byte[]> keys, List<Long> fingerprints) {
    }

    /**
     * The rows whose (entity, event time) was never stored or was stored with other values, in chunk order. A version
     * that appears twice in the chunk is compared with its previous occurrence.
     */
    synchronized Changes changes(List<FeatureRow> rows, RowFingerprint fingerprint) {
        ensureOpen();
        Map<Version, Integer> index = new HashMap<>(rows.size() * 2);
        List<byte[]> keys = new ArrayList<>(rows.size());
        int[] slots = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow row = rows.get(i);
            slots[i] = index.computeIfAbsent(new Version(row.entityId(), Timestamps.toMicros(row.eventTimestamp())),
                    v -> {
                        keys.add(v.key());
                        return keys.size() - 1;
                    });
        }
        if (keys.isEmpty()) {
            return new Changes(List.of(), List.of(), List.of());
        }
        Long[] current = stored(keys);
        boolean[] dirty = new boolean[keys.size()];
        List<FeatureRow> changed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long f = fingerprint.of(rows.get(i));
            int slot = slots[i];
            if (current[slot] == null || current[slot] != f) {
                changed.add(rows.get(i));
                current[slot] = f;
                dirty[slot] = true;
            }
        }
        List<byte[]> changedKeys = new ArrayList<>();
        List<Long> fingerprints = new ArrayList<>();
        for (int slot = 0; slot < keys.size(); slot++) {
            if (dirty[slot]) {
                changedKeys.add(keys.get(slot));
                fingerprints.add(current[slot]);
            }
        }
        return new Changes(changed, changedKeys, fingerprints);
    }

    /** Records the changes as stored, durably (one synced write batch). */
    synchronized void remember(Changes changes) {
        ensureOpen();
        if (changes.keys().isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < changes.keys().size(); i++) {
                batch.put(changes.keys().get(i), ByteBuffer.allocate(8).putLong(changes.fingerprints().get(i)).array());
            }
            db.write(durable, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot update the offline change state in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Long[] stored(List<byte[]> keys) {
        List<byte[]> values;
        try {
            values = db.multiGetAsList(keys);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot read the offline change state in " + dir + ": " + e.getMessage(), e);
        }
        Long[] fingerprints = new Long[keys.size()];
        for (int i = 0; i < fingerprints.length; i++) {
            byte[] v = values.get(i);
            fingerprints[i] = v == null ? null : ByteBuffer.wrap(v).getLong();
        }
        return fingerprints;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The offline change state in " + dir + " is closed");
        }
    }

    /** Waits for a caller holding this object's lock (a chunk being stored), then releases the native handles. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        db.close();
        options.close();
        filter.close();
        durable.close();
    }

    /** Key: the entity id's UTF-8 bytes then the event time in 8 bytes; the fixed-size tail keeps keys unambiguous. */
    private record Version(String entity, long eventMicros) {
        byte[] key() {
            byte[] id = entity.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(id.length + 8).put(id).putLong(eventMicros).array();
        }
    }
}
