package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a group's offline table back, deduplicated: a crash between storing a chunk and saving the watermark makes
 * the next run store some rows again, so for each (entity, event time) only the most recently ingested row counts.
 * The same rule in SQL: {@code QUALIFY row_number() OVER (PARTITION BY <key>, event_timestamp ORDER BY
 * created_timestamp DESC) = 1}.
 */
public final class OfflineReader {

    private final Path offlineDir;

    public OfflineReader(Path offlineDir) {
        this.offlineDir = offlineDir;
    }

    public List<GenericRecord> readDeduplicated(FeatureGroup group) {
        Map<String, GenericRecord> newest = new LinkedHashMap<>();
        String key = group.entity().key();
        for (Path file : files(group)) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                    .withDataModel(GenericData.get()).build()) {
                for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                    String id = r.get(key) + "\u0000" + r.get(OfflineSchema.EVENT_TIMESTAMP);
                    newest.merge(id, r, (a, b) -> created(b) >= created(a) ? b : a); // files are read oldest first
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return new ArrayList<>(newest.values());
    }

    private static long created(GenericRecord r) {
        return (Long) r.get(OfflineSchema.CREATED_TIMESTAMP);
    }

    /**
     * The group's Parquet files, in any folder below the group's except those that are not data ({@code _versions},
     * hidden files being written): every layout FStore has written reads back.
     */
    public List<Path> files(FeatureGroup group) {
        Path dir = offlineDir.resolve(group.name());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.equals(dir) || !OfflineLayout.hidden(d.getFileName().toString())
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".parquet") && !OfflineLayout.hidden(name)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // a temporary file renamed while we listed
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the offline files of group " + group.name() + " in " + dir, e);
        }
        files.sort(null);
        return files;
    }
}
