package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.Timestamps;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;

/**
 * A group's offline table read back deduplicated, streamed from the Parquet files row group by row group.
 *
 * <p>Every file holds rows of one ingestion time (one chunk). Files are read newest ingestion first (on equal
 * ingestion times, later path first, as the list-based reader kept the later file), so the first row seen of each
 * (entity, event time) is the one that counts: it is returned and its version's digest remembered, later ones are
 * skipped. Within a file FStore writes one row per version (the later row of the chunk) and marks the file so
 * ({@link OfflineSchema#ONE_ROW_PER_VERSION}); a file without the mark (written by an older FStore) first has its
 * versions read, key columns only, to find the last row of each, which is the one that counts.
 *
 * <p>Memory: the list of the group's files (path and ingestion time of each); one row group of one file (a file is
 * one chunk); the {@link VersionDigests} of the versions returned so far (24 to 48 bytes each); for an unmarked file,
 * its versions with their last row (30 to 60 bytes each). Never the values of rows already returned or of other row
 * groups.
 */
final class ParquetOfflineRows implements OfflineRows {

    private static final ParquetReadOptions OPTIONS = ParquetReadOptions.builder(new PlainParquetConfiguration())
            .build();

    private final FeatureGroup group;
    private final Iterator<PartFile> files;
    private final VersionDigests returned = VersionDigests.set();
    private PartFile currentPart;
    private PartReader current;
    private VersionDigests lastRowOf; // for an unmarked file: the last row index of each version
    private OfflineRow next;
    private boolean closed;

    /** A data file of the group and the one ingestion time of its rows. */
    record PartFile(Path path, long createdMicros, boolean oneRowPerVersion) {
    }

    ParquetOfflineRows(FeatureGroup group, List<Path> paths) {
        this.group = group;
        List<PartFile> parts = new ArrayList<>(paths.size());
        for (Path path : paths) {
            PartFile part = describe(group, path);
            if (part != null) {
                parts.add(part);
            }
        }
        parts.sort(Comparator.comparingLong(PartFile::createdMicros).thenComparing(PartFile::path).reversed());
        this.files = parts.iterator();
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        while (next == null) {
            if (current == null) {
                if (!files.hasNext()) {
                    return false;
                }
                currentPart = files.next();
                lastRowOf = currentPart.oneRowPerVersion() ? null : lastRows(group, currentPart);
                current = new PartReader(group, currentPart.path(), false);
            }
            OfflineRowMaterializer.Buffer row = current.next();
            if (row == null) {
                current.close();
                current = null;
                lastRowOf = null;
                continue;
            }
            if (row.createdMicros != currentPart.createdMicros()) {
                throw new IllegalStateException("Offline file " + currentPart.path() + " holds rows ingested at "
                        + Timestamps.fromMicros(row.createdMicros) + " and at "
                        + Timestamps.fromMicros(currentPart.createdMicros())
                        + "; every file must hold one ingestion time");
            }
            boolean lastInFile = lastRowOf == null
                    || lastRowOf.get(row.entity, row.eventMicros) == current.index;
            if (lastInFile && returned.add(row.entity, row.eventMicros)) {
                next = row.toRow();
            }
        }
        return true;
    }

    @Override
    public OfflineRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        OfflineRow row = next;
        next = null;
        return row;
    }

    @Override
    public void close() {
        closed = true;
        next = null;
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** The last row index of each version of an unmarked file (whose chunk may hold a version twice). */
    private static VersionDigests lastRows(FeatureGroup group, PartFile part) {
        VersionDigests last = VersionDigests.map();
        try (PartReader versions = new PartReader(group, part.path(), true)) {
            for (OfflineRowMaterializer.Buffer row = versions.next(); row != null; row = versions.next()) {
                last.put(row.entity, row.eventMicros, versions.index);
            }
        }
        return last;
    }

    /**
     * The file's ingestion time, from the footer's statistics of {@code created_timestamp} (every row group's min and
     * max), or, without statistics, from its first row; null for a file without rows.
     */
    private static PartFile describe(FeatureGroup group, Path path) {
        boolean marked;
        Long created = null;
        boolean fromStatistics = true;
        try (ParquetFileReader reader = open(path)) {
            if (reader.getRecordCount() == 0) {
                return null;
            }
            FileMetaData meta = reader.getFooter().getFileMetaData();
            marked = "true".equals(meta.getKeyValueMetaData().get(OfflineSchema.ONE_ROW_PER_VERSION));
            boolean micros = meta.getSchema().containsField(OfflineSchema.CREATED_TIMESTAMP)
                    && meta.getSchema().getType(OfflineSchema.CREATED_TIMESTAMP).getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t
                    && t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS;
            for (BlockMetaData block : reader.getRowGroups()) {
                Statistics<?> stats = micros ? createdStatistics(block) : null;
                if (block.getRowCount() == 0) {
                    continue;
                }
                if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) {
                    fromStatistics = false;
                    break;
                }
                long min = (Long) stats.genericGetMin();
                long max = (Long) stats.genericGetMax();
                if (min != max || (created != null && created != min)) {
                    throw new IllegalStateException("Offline file " + path + " holds rows ingested at "
                            + Timestamps.fromMicros(Math.min(min, created == null ? min : created)) + " and at "
                            + Timestamps.fromMicros(Math.max(max, created == null ? max : created))
                            + "; every file must hold one ingestion time");
                }
                created = min;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the footer of offline file " + path, e);
        }
        if (!fromStatistics || created == null) {
            try (PartReader first = new PartReader(group, path, false)) {
                OfflineRowMaterializer.Buffer row = first.next();
                if (row == null) {
                    return null;
                }
                created = row.createdMicros;
            }
        }
        return new PartFile(path, created, marked);
    }

    /** Parquet reports a file that is not Parquet with a bare RuntimeException: both name the file here. */
    private static ParquetFileReader open(Path path) {
        try {
            return ParquetFileReader.open(new LocalInputFile(path), OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open offline file " + path, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open offline file " + path + ": " + e.getMessage(), e);
        }
    }

    private static Statistics<?> createdStatistics(BlockMetaData block) {
        for (ColumnChunkMetaData column : block.getColumns()) {
            if (column.getPath().toDotString().equals(OfflineSchema.CREATED_TIMESTAMP)) {
                return column.getStatistics();
            }
        }
        return null;
    }

    /** One open file, read one row group at a time. */
    private static final class PartReader implements AutoCloseable {
        private final Path path;
        private final ParquetFileReader reader;
        private final OfflineRowMaterializer materializer;
        private final MessageColumnIO columns;
        private PageReadStore rowGroup;
        private RecordReader<OfflineRowMaterializer.Buffer> records;
        private long left;
        /** Index within the file of the row last returned. */
        int index = -1;

        PartReader(FeatureGroup group, Path path, boolean versionsOnly) {
            this.path = path;
            this.reader = open(path);
            try {
                FileMetaData meta = reader.getFooter().getFileMetaData();
                this.materializer = new OfflineRowMaterializer(group, meta.getSchema(), path, versionsOnly);
                reader.setRequestedSchema(materializer.requestedSchema());
                this.columns = new ColumnIOFactory(meta.getCreatedBy())
                        .getColumnIO(materializer.requestedSchema(), meta.getSchema());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The next record (a reused buffer), or null after the last. */
        OfflineRowMaterializer.Buffer next() {
            try {
                while (left == 0) {
                    if (rowGroup != null) {
                        rowGroup.close();
                    }
                    rowGroup = reader.readNextRowGroup();
                    if (rowGroup == null) {
                        return null;
                    }
                    left = rowGroup.getRowCount();
                    records = columns.getRecordReader(rowGroup, materializer, FilterCompat.NOOP);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read offline file " + path, e);
            }
            left--;
            index++;
            OfflineRowMaterializer.Buffer row = records.read();
            if (row.entity == null) {
                throw new IllegalStateException("Offline file " + path + " has a row without an entity key");
            }
            return row;
        }

        @Override
        public void close() {
            try {
                if (rowGroup != null) {
                    rowGroup.close();
                    rowGroup = null;
                }
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close offline file " + path, e);
            }
        }
    }
}
