package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * time. Incremental groups are written as given: the checkpoint already makes their rows new, and the only repeats
 * (a chunk replayed after a crash) are what readers deduplicate anyway; a filter would cost a lookup per row and a
 * state entry per row ever ingested to save those rare duplicates.
 *
 * <p>Reading ({@link #read}) streams the files row group by row group, newest ingestion first, and remembers a 128-bit
 * digest of each version returned: memory is bounded by one row group, the list of files and those digests (24 to 48
 * bytes per distinct (entity, event time)), never by values (see {@link ParquetOfflineRows}). Reading needs no lock:
 * another instance, or DuckDB, may read the folder while this one writes.
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

    /** Parquet files under {@code offlineDir}, compressed with {@code compression} (a Parquet codec name). */
    public ParquetOfflineStore(Path offlineDir, String compression) {
        this(new ParquetPartWriter(offlineDir, compression));
    }

    public ParquetOfflineStore(ParquetPartWriter writer) {
        this.writer = writer;
    }

    @Override
    public int write(FeatureGroup group, List<FeatureRow> chunk, Instant ingestedAt) {
        long[] micros = new long[chunk.size()];
        List<FeatureRow> rows = laterRowPerVersion(chunk, micros);
        if (group.source().incrementalColumn().isPresent()) {
            writeFile(group, rows, ingestedAt);
            return rows.size();
        }
        StoredVersions stored = versions(group);
        synchronized (stored) { // one chunk of a group at a time: its comparison, file and state update go together
            StoredVersions.Changes changes = stored.changes(rows, micros, new RowFingerprint(group));
            writeFile(group, changes.rows(), ingestedAt);
            // only now that the file is durable: after a failed write the next run finds the rows unstored again
            stored.remember(changes);
            LOG.debug("Group {}: {} of {} row(s) changed since the stored versions", group.name(),
                    changes.rows().size(), rows.size());
            return changes.rows().size();
        }
    }

    /**
     * Rows of one chunk share their created_timestamp, so two rows for one entity and event time (at the microsecond
     * stored) would be a tie no reader could break: as in every online store, the later row of the chunk wins and the
     * earlier is not stored.
     *
     * @param micros filled with the event time in microseconds of each row returned
     */
    static List<FeatureRow> laterRowPerVersion(List<FeatureRow> rows, long[] micros) {
        return ChunkVersions.laterRowPerVersion(rows, micros);
    }

    private synchronized StoredVersions versions(FeatureGroup group) {
        ensureOpen();
        return versions.computeIfAbsent(group.name(), name -> StoredVersions.open(
                groupDir(name).resolve(OfflineLayout.VERSIONS_FOLDER), cache, memtables));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The offline store is closed");
        }
    }

    private Path groupDir(String group) {
        return OfflineLayout.groupDir(writer.offlineDir(), group);
    }

    @Override
    public OfflineRows read(FeatureGroup group) {
        synchronized (this) {
            ensureOpen();
        }
        return new ParquetOfflineRows(group, files(group.name()));
    }

    /** The group's data files (see {@link OfflineLayout#files}). */
    List<Path> files(String group) {
        return OfflineLayout.files(writer.offlineDir(), group);
    }

    /**
     * Closes the group's change state, then moves its folder to a hidden name in one rename (readers and globs stop
     * seeing it at once) and deletes that. A crash in between leaves a hidden {@code .<group>.teardown-*} folder that
     * nothing reads.
     */
    @Override
    public void teardown(String group) {
        Path dir = groupDir(group);
        StoredVersions state;
        synchronized (this) {
            ensureOpen();
            state = versions.remove(group);
        }
        if (state != null) {
            state.close(); // waits for a chunk of the group being stored
        }
        if (!Files.exists(dir)) {
            return;
        }
        Path trash = dir.resolveSibling("." + group + ".teardown-" + UUID.randomUUID());
        try {
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the offline data of group " + group + " in " + dir, e);
        }
        LOG.info("Group {}: offline data removed from {}", group, dir);
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public URI location(String group) {
        return groupDir(group).toAbsolutePath().toUri();
    }

    @Override
    public String describe() {
        return "Parquet files in " + writer.offlineDir().toAbsolutePath().toUri() + " (" + writer.codec() + ")";
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
