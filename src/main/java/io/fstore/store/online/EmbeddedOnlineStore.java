package io.fstore.store.online;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.model.FeatureGroup;
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
 * One key per group and entity ({@code group \0 entity}) holding every feature's latest value with its own version
 * ({@link EntityValues}), features named by their index in the group's {@link GroupNames} (one reserved key per group,
 * cached here), so a lookup is one read and a chunk is one multi-get plus one atomic write batch. RocksDB is a
 * log-structured store: random upserts stay cheap as the entity count grows (H2's MVStore, tried first, rewrote most
 * of its pages on every chunk commit). Writes go through RocksDB's write-ahead log, so a batch survives a process
 * crash once written. Chosen by {@code fstore.online.type=embedded}, settings in {@link EmbeddedOnlineStoreConfig}.
 */
public final class EmbeddedOnlineStore implements OnlineStore {

    private static final char SEP = '\0';
    private static final byte[] PING_KEY = {SEP};

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final BloomFilter bloomFilter = new BloomFilter(10);
    private final LRUCache blockCache;
    private final RocksDB db;
    private final WriteOptions writeOptions = new WriteOptions();
    private volatile boolean closed;
    private final Path dir;
    /** Each group's feature index as stored; only {@link #writeRows} grows one, after storing it. */
    private final Map<String, GroupNames> names = new ConcurrentHashMap<>();

    /** A store in {@code dir} with the default block cache. */
    public EmbeddedOnlineStore(Path dir) {
        this(dir, (long) EmbeddedOnlineStoreConfig.DEFAULT_BLOCK_CACHE_MB << 20);
    }

    /** The store its settings describe; {@code dataDir} holds it unless the settings name another folder. */
    public EmbeddedOnlineStore(EmbeddedOnlineStoreConfig config, Path dataDir) {
        this(config.folder(dataDir), (long) config.blockCacheMb() << 20);
    }

    EmbeddedOnlineStore(Path dir, long blockCacheBytes) {
        this.dir = dir;
        this.blockCache = new LRUCache(blockCacheBytes);
        // point lookups only: bloom filters let a get skip files without the key; a block cache keeps hot entities
        this.options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setFilterPolicy(bloomFilter)
                        .setBlockCache(blockCache))
                .setMergeOperatorName("max") // format 2 merged entities whole: stores not yet upgraded hold merges
                .setWriteBufferSize(64L << 20)
                .setMaxBackgroundJobs(2);
        try {
            Files.createDirectories(dir);
            this.db = RocksDB.open(options, dir.toString());
        } catch (IOException | RocksDBException e) {
            options.close();
            blockCache.close();
            bloomFilter.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot create the online store folder " + dir, io);
            }
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

    /** Nothing to prepare: every group lives in the one key space, under its own key prefix. */
    @Override
    public void create(FeatureGroup group) {
        // keys are created by the first write
    }

    /**
     * A chunk of a group's rows: the newest row per entity is merged feature by feature into what the entity holds
     * (read, compare each feature's (event time, ingestion time), write back), all in one atomic write batch. Writes
     * are serialized by this object's lock, which makes the read-compare-write safe: the data directory lock and
     * RocksDB's own lock keep every other process out.
     */
    @Override
    public synchronized void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        long ingestedMicros = Timestamps.toMicros(ingestedAt);
        Collection<FeatureRow> newest = FeatureRow.newestPerEntity(rows);
        if (newest.isEmpty()) {
            return; // RocksDB rejects an empty multi-get
        }
        List<byte[]> keys = new ArrayList<>(newest.size());
        newest.forEach(row -> keys.add(key(group.name(), row.entityId())));
        try (WriteBatch batch = new WriteBatch()) {
            GroupNames known = grownNames(group);
            int[] indexes = indexes(group, known);
            int[] order = EntityValues.order(indexes);
            EntityValues.Builder builder = new EntityValues.Builder(group.name(), known.size());
            List<byte[]> current = db.multiGetAsList(keys);
            int i = 0;
            for (FeatureRow row : newest) {
                byte[] merged = builder.merge(row.entityId(), current.get(i), indexes, order, row.values(),
                        Timestamps.toMicros(row.eventTimestamp()), ingestedMicros);
                if (merged != null) {
                    batch.put(keys.get(i), merged);
                }
                i++;
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Online store write failed: " + e.getMessage(), e);
        }
    }

    /** The index of each of the group's features in {@code known}, in the group's order. */
    private int[] indexes(FeatureGroup group, GroupNames known) {
        List<String> featureNames = group.features().stream().map(f -> f.name()).toList();
        int[] indexes = new int[featureNames.size()];
        for (int f = 0; f < indexes.length; f++) {
            indexes[f] = known.indexOf(featureNames.get(f));
        }
        return indexes;
    }

    /**
     * The group's feature index with the features new to it added, stored (and cached) before any value uses them
     * (an index that a failed chunk leaves unused is harmless).
     */
    private GroupNames grownNames(FeatureGroup group) throws RocksDBException {
        GroupNames known = names(group.name());
        GroupNames grown = known.with(group.features().stream().map(f -> f.name()).toList());
        if (grown != known) {
            db.put(writeOptions, GroupNames.key(group.name()), grown.encode());
            names.put(group.name(), grown);
        }
        return grown;
    }

    private GroupNames names(String group) {
        return names.computeIfAbsent(group, g -> {
            try {
                return GroupNames.decode(db.get(GroupNames.key(g)));
            } catch (RocksDBException e) {
                throw new IllegalStateException("Cannot read the feature index of group " + g + ": " + e.getMessage(),
                        e);
            }
        });
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
        // the index is looked up after the values: a write stores (and caches) its index before the values using it
        GroupNames known = names(group);
        int[] positions = known.positions(features);
        EntityValues.Cursor cursor = new EntityValues.Cursor(group, known.size());
        List<Map<String, StoredValue>> result = new ArrayList<>(entityIds.size());
        int i = 0;
        for (String entity : entityIds) {
            result.add(EntityValues.select(cursor, entity, values.get(i++), positions, features));
        }
        return result;
    }

    /** The group's values; its feature index stays, so no index ever names another feature. */
    @Override
    public synchronized void teardown(String group) {
        byte[] from = key(group, "");
        byte[] to = Arrays.copyOf(from, from.length);
        to[to.length - 1]++; // the separator + 1: the first key after every key of the group
        try {
            db.deleteRange(from, to);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot delete group " + group + ": " + e.getMessage(), e);
        }
    }

    /**
     * A read of a key no group has (a group and entity are never empty): RocksDB answers from this process, so the
     * store fails only once closed or when its files cannot be read.
     */
    @Override
    public void ping(java.time.Duration timeout) {
        if (closed) {
            throw new IllegalStateException("the online store in " + dir + " is closed");
        }
        try {
            db.get(PING_KEY);
        } catch (RocksDBException e) {
            throw new IllegalStateException("the online store in " + dir + " cannot be read: " + e.getMessage(), e);
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
        blockCache.close();
        bloomFilter.close();
    }
}
