package io.fstore.store.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.ValueType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one {@link OfflinePart} as one Parquet file, streaming rows to disk under a hidden temporary name, forcing
 * it to disk and renaming it into place when complete (then forcing the folder), so readers never see a partial file
 * and a returned write survives a crash of the machine.
 *
 * <p>Why not camel-parquet-avro's data format: measured on the SQL benchmark it spent most of the offline time
 * building a Hadoop {@code Configuration} per file (reading XML out of jars), resolving Avro unions per value and
 * buffering the whole file in memory; writing columns directly from {@link FeatureRow} is several times cheaper.
 *
 * <p>Not final: tests wrap {@link #write} to fail in the middle of a file.
 */
public class ParquetPartWriter {

    /** Rows sampled per part to judge a feature's dictionary; fewer than the minimum: Parquet decides alone. */
    private static final int DICTIONARY_SAMPLE = 1_024;
    private static final int DICTIONARY_SAMPLE_MIN = 256;
    /** Share of distinct values among the sampled ones from which a dictionary is not tried. */
    private static final double NEARLY_UNIQUE = 0.95;

    private static final int COMPRESS_BUFFER_BYTES = 64 << 10;

    private final Path offlineDir;
    private final CompressionCodecName codec;
    private final Map<FeatureGroup, MessageType> schemas = new ConcurrentHashMap<>();
    private final boolean directoriesCanSync = !System.getProperty("os.name", "").startsWith("Windows");

    public ParquetPartWriter(Path offlineDir, String compression) {
        this.offlineDir = offlineDir;
        this.codec = CompressionCodecName.valueOf(compression);
    }

    Path offlineDir() {
        return offlineDir;
    }

    CompressionCodecName codec() {
        return codec;
    }

    public Path write(OfflinePart part) {
        Path target = offlineDir.resolve(part.path());
        Path folder = target.getParent();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".inprogress");
        MessageType schema = schemas.computeIfAbsent(part.group(), OfflineSchema::of);
        boolean moved = false;
        try {
            List<Path> created = missing(folder);
            Files.createDirectories(folder);
            Builder builder = new Builder(new LocalOutputFile(tmp),
                    new FeatureRowWriteSupport(part.group(), schema, part.createdMicros()))
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(codec)
                    // its compressor's first buffer: Parquet sizes it to the page size (1 MiB), a humongous object
                    // for G1 in a small heap (a GC per file measured at -Xmx256m); it grows as pages need
                    .withCodecFactory(new CodecFactory(new PlainParquetConfiguration(), COMPRESS_BUFFER_BYTES))
                    // near-unique columns: building a dictionary only to abandon it costs more than it saves
                    .withDictionaryEncoding(part.group().entity().key(), false)
                    .withDictionaryEncoding(OfflineSchema.EVENT_TIMESTAMP, false)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
            for (String column : nearlyUniqueFeatures(part)) {
                builder.withDictionaryEncoding(column, false);
            }
            try (ParquetWriter<FeatureRow> writer = builder.build()) {
                for (FeatureRow row : part.rows()) {
                    writer.write(row);
                }
            }
            force(tmp, StandardOpenOption.WRITE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            forceFolder(folder);
            for (Path p : created) {
                forceFolder(p.getParent());
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write offline file " + target, e);
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * The columns (leaf paths) of the features whose values in the part look nearly unique (measured on its first rows;
     * for a list, on the elements of those rows): Parquet would build a dictionary for them, find after the first page
     * that it does not pay and fall back to plain encoding; skipping it saves that work per value (prices, ratios,
     * measurements). Vectors never get one (embedding floats hardly repeat); booleans have no dictionary.
     */
    static List<String> nearlyUniqueFeatures(OfflinePart part) {
        List<String> unique = new ArrayList<>();
        List<Feature> features = part.group().features();
        for (Feature f : features) {
            if (f.type() == ValueType.VECTOR) {
                unique.add(OfflineSchema.leafPath(f));
            }
        }
        List<FeatureRow> rows = part.rows();
        int sampled = Math.min(rows.size(), DICTIONARY_SAMPLE);
        if (sampled < DICTIONARY_SAMPLE_MIN) {
            return unique;
        }
        Set<Object> seen = new HashSet<>(sampled * 2);
        for (int f = 0; f < features.size(); f++) {
            ValueType type = features.get(f).type();
            if (type == ValueType.BOOL || type == ValueType.LIST_BOOL || type == ValueType.VECTOR) {
                continue;
            }
            seen.clear();
            int values = 0;
            for (int r = 0; r < sampled; r++) {
                Object v = rows.get(r).values()[f];
                if (v instanceof List<?> list) {
                    values += list.size();
                    seen.addAll(list);
                } else if (v != null) {
                    values++;
                    seen.add(v);
                }
            }
            if (values >= DICTIONARY_SAMPLE_MIN && seen.size() >= NEARLY_UNIQUE * values) {
                unique.add(OfflineSchema.leafPath(features.get(f)));
            }
        }
        return unique;
    }

    /** The folder and those of its parents that do not exist yet, deepest first. */
    private static List<Path> missing(Path folder) {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        return missing;
    }

    private static void force(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }

    /** A renamed or created entry is durable once its folder is forced (not possible on Windows). */
    private void forceFolder(Path folder) throws IOException {
        if (directoriesCanSync && folder != null) {
            force(folder, StandardOpenOption.READ);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a hidden leftover is never read; the write has already failed with the cause that matters
        }
    }

    private static final class Builder extends ParquetWriter.Builder<FeatureRow, Builder> {
        private final WriteSupport<FeatureRow> support;

        Builder(LocalOutputFile file, WriteSupport<FeatureRow> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<FeatureRow> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<FeatureRow> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return support;
        }
    }
}
