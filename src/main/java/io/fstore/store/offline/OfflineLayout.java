package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.fstore.model.FeatureGroup;

/**
 * Where a group's offline data lives under the offline folder:
 * <pre>
 *   &lt;group&gt;/created_date=YYYY-MM-DD/part-HHmmss.SSSSSS-&lt;random&gt;.parquet   one file per written chunk
 *   &lt;group&gt;/_versions/                                            what a full-refresh group already holds
 * </pre>
 * Files are grouped by the UTC date of their ingestion time ({@code created_timestamp}), not by event date: a chunk
 * of a full-refresh source spans as many event dates as the data does, and one file per event date per chunk made
 * hundreds of tiny files per run. Names sort by ingestion time within a day. Folders starting with {@code _} or
 * {@code .} are not data, as Hadoop, Spark and DuckDB's {@code <group>/*}{@code /*.parquet} glob treat them.
 */
final class OfflineLayout {

    static final String VERSIONS_FOLDER = "_versions";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SSSSSS").withZone(ZoneOffset.UTC);

    private OfflineLayout() {
    }

    /** Relative to the offline folder. */
    static String partPath(FeatureGroup group, Instant createdAt) {
        return group.name() + "/created_date=" + DAY.format(createdAt) + "/part-" + TIME.format(createdAt) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".parquet";
    }

    /** Not data: temporary files being written and folders such as {@link #VERSIONS_FOLDER}. */
    static boolean hidden(String fileName) {
        return fileName.startsWith(".") || fileName.startsWith("_");
    }

    /** The group's folder; the name must be one folder name (definitions allow {@code [a-z_][a-z0-9_]*}). */
    static Path groupDir(Path offlineDir, String group) {
        if (group.isEmpty() || group.startsWith(".") || group.contains("/") || group.contains("\\")) {
            throw new IllegalArgumentException("Not a feature group name: '" + group + "'");
        }
        return offlineDir.resolve(group);
    }

    /**
     * The group's Parquet files, sorted by path, in any folder below the group's except those that are not data
     * ({@code _versions}, hidden files being written): every layout FStore has written reads back.
     */
    static List<Path> files(Path offlineDir, String group) {
        Path dir = groupDir(offlineDir, group);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.equals(dir) || !hidden(d.getFileName().toString())
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".parquet") && !hidden(name)) {
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
            throw new UncheckedIOException("Cannot list the offline files of group " + group + " in " + dir, e);
        }
        files.sort(null);
        return files;
    }
}
