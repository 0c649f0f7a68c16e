package io.fstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark peer of bench/sql-pipeline.sh (a benchmark, not part of FStore): reads one SQL query over JDBC with a
 * single reader in {@code local[2]} and writes every row to Parquet (snappy), as FStore's offline sink does.
 * <p>
 * Usage: {@code SparkPeer <jdbc-url> <query> <fetch-size>}. The Parquet goes to a temp folder
 * {@code /tmp/fstore-bench-spark-*} (Spark's scratch space too), removed before exit. Driver memory is the JVM's
 * {@code -Xmx} (local mode runs the executor inside the driver). Prints one line the script parses:
 * {@code spark-peer rows=N read_s=S total_s=T files=F bytes=B}, where read_s runs from the read's start to the
 * files committed and total_s from JVM start (Spark's startup included) to the same point.
 */
public final class SparkPeer {

    private SparkPeer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SparkPeer <jdbc-url> <query> <fetch-size>");
            System.exit(2);
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Path tmp = Files.createTempDirectory("fstore-bench-spark-");
        try {
            run(args[0], args[1], Integer.parseInt(args[2]), tmp, jvmStart);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void run(String url, String query, int fetchSize, Path tmp, long jvmStart) throws IOException {
        SparkSession spark = SparkSession.builder()
                .appName("fstore-bench-spark-peer")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", tmp.resolve("scratch").toString())
                .config("spark.sql.parquet.compression.codec", "snappy")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            Path out = tmp.resolve("parquet");
            long readStart = System.nanoTime();
            // no partitionColumn: one JDBC reader, as FStore reads one query with one cursor
            Dataset<Row> rows = spark.read().format("jdbc")
                    .option("url", url)
                    .option("query", query)
                    .option("fetchsize", fetchSize)
                    .load();
            rows.write().mode(SaveMode.ErrorIfExists).parquet(out.toString());
            long committed = System.nanoTime();
            long wall = System.currentTimeMillis();
            // counted after the clock stopped, from the files written
            long count = spark.read().parquet(out.toString()).count();
            long[] filesBytes = parquetFiles(out);
            System.out.printf("spark-peer rows=%d read_s=%.3f total_s=%.3f files=%d bytes=%d%n", count,
                    (committed - readStart) / 1e9, (wall - jvmStart) / 1e3, filesBytes[0], filesBytes[1]);
        } finally {
            spark.stop();
        }
    }

    private static long[] parquetFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long[] fb = new long[2];
            s.filter(p -> p.getFileName().toString().endsWith(".parquet")).forEach(p -> {
                fb[0]++;
                fb[1] += p.toFile().length();
            });
            return fb;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
