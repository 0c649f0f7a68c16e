package io.fstore.store.offline;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline store as Parquet files under the data directory, one file per written chunk (see {@link OfflineLayout}
 * and {@link ParquetPartWriter}).
 *
 * <p>Full-refresh groups (no {@code source.incremental}) read every source row on every run; only the rows that
 * differ from the version already stored for their (entity, event time) are written (see {@link StoredVersions}):
 * a new entity, a new event time (newer, or older history not stored before), or other values at a stored event
 * time. Incremental groups are written as given: the watermark already makes their rows new, and the only repeats
 * (a chunk replayed after a crash) are what readers deduplicate anyway; a filter would cost a lookup per row and a
 * state entry per row ever ingested to save those rare duplicates.
 */
public final class ParquetOfflineStore implements OfflineStore {

    static {
        RocksDB.loadLibrary();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ParquetOfflineStore.class);
    private final ParquetPartWriter writer;
    private final Map<String, StoredVersions> versions = new HashMap<>(); // guarded by this
    // one block cache and one memtable budget for the change state of every group
    private final LRUCache cache = new LRUCache(64L << 20);
    private final WriteBufferManager memtables = new WriteBufferManager(32L << 20, cache);
    private boolean closed; // guarded by this

    public ParquetOfflineStore(ParquetPartWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(FeatureGroup group, List<FeatureRow> chunk, Instant ingestedAt) {
        List<FeatureRow> rows = laterRowPerVersion(chunk);
        if (group.source().incrementalColumn().isPresent()) {
            writeFile(group, rows, ingestedAt);
            return;
        }
        StoredVersions stored = versions(group);
        synchronized (stored) { // one chunk of a group at a time: its comparison, file and state update go together
            StoredVersions.Changes changes = stored.changes(rows, new RowFingerprint(group));
            writeFile(group, changes.rows(), ingestedAt);
            // only now that the file is durable: after a failed write the next run finds the rows unstored again
            stored.remember(changes);
            LOG.debug("Group {}: {} of {} row(s) changed since the stored versions", group.name(),
                    changes.rows().size(), rows.size());
        }
    }

    /**
     * Rows of one chunk share their created_timestamp, so two rows for one entity and event time would be a tie no
     * reader could break: as in every online store, the later row of the chunk wins and the earlier is not stored.
     */
    static List<FeatureRow> laterRowPerVersion(List<FeatureRow> rows) {
        java.util.Map<String, Integer> last = new java.util.HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow r = rows.get(i);
            last.put(r.entityId() + '\0' + r.eventTimestamp(), i);
        }
        if (last.size() == rows.size()) {
            return rows;
        }
        List<FeatureRow> kept = new java.util.ArrayList<>(last.size());
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow r = rows.get(i);
            if (last.get(r.entityId() + '\0' + r.eventTimestamp()) == i) {
                kept.add(r);
            }
        }
        return kept;
    }

    private synchronized StoredVersions versions(FeatureGroup group) {
        if (closed) {
            throw new IllegalStateException("The offline store is closed");
        }
        return versions.computeIfAbsent(group.name(), name -> StoredVersions.open(
                writer.offlineDir().resolve(name).resolve(OfflineLayout.VERSIONS_FOLDER), cache, memtables));
    }

    private void writeFile(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        if (!rows.isEmpty()) {
            writer.write(new OfflinePart(group, OfflineLayout.partPath(group, ingestedAt), rows,
                    Timestamps.toMicros(ingestedAt)));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        versions.values().forEach(StoredVersions::close);
        memtables.close();
        cache.close();
    }
}
