package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fstore.model.FeatureRow;
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
    record Changes(List<FeatureRow> rows, List<byte[]> keys, long[] fingerprints) {
    }

    /**
     * The rows whose (entity, event time) was never stored or was stored with other values, in chunk order.
     *
     * @param rows   at most one row per (entity, event time) (see {@link ParquetOfflineStore#laterRowPerVersion})
     * @param micros each row's event time in microseconds
     */
    synchronized Changes changes(List<FeatureRow> rows, long[] micros, RowFingerprint fingerprint) {
        ensureOpen();
        if (rows.isEmpty()) {
            return new Changes(List.of(), List.of(), new long[0]);
        }
        List<byte[]> keys = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            keys.add(key(rows.get(i).entityId(), micros[i]));
        }
        List<byte[]> current = stored(keys);
        List<FeatureRow> changed = new ArrayList<>();
        List<byte[]> changedKeys = new ArrayList<>();
        long[] fingerprints = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            long f = fingerprint.of(rows.get(i));
            byte[] was = current.get(i);
            if (was == null || was.length != 8 || longAt(was) != f) {
                fingerprints[changed.size()] = f;
                changed.add(rows.get(i));
                changedKeys.add(keys.get(i));
            }
        }
        return new Changes(changed, changedKeys, Arrays.copyOf(fingerprints, changed.size()));
    }

    /** Records the changes as stored, durably (one synced write batch). */
    synchronized void remember(Changes changes) {
        ensureOpen();
        if (changes.keys().isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < changes.keys().size(); i++) {
                batch.put(changes.keys().get(i), ByteBuffer.allocate(8).putLong(changes.fingerprints()[i]).array());
            }
            db.write(durable, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot update the offline change state in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The stored fingerprint of each key (null: none), in key order. */
    private List<byte[]> stored(List<byte[]> keys) {
        try {
            return db.multiGetAsList(keys);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot read the offline change state in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long longAt(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
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

    /**
     * Key: the entity id's UTF-8 bytes then the event time in 8 bytes (big-endian); the fixed-size tail keeps keys
     * unambiguous. An ASCII id (the usual one) is copied straight into the key.
     */
    static byte[] key(String entity, long eventMicros) {
        int n = entity.length();
        byte[] key = new byte[n + 8];
        for (int i = 0; i < n; i++) {
            char c = entity.charAt(i);
            if (c >= 0x80) {
                byte[] id = entity.getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(id.length + 8).put(id).putLong(eventMicros).array();
            }
            key[i] = (byte) c;
        }
        for (int i = 0; i < 8; i++) {
            key[n + i] = (byte) (eventMicros >>> (56 - 8 * i));
        }
        return key;
    }
}
