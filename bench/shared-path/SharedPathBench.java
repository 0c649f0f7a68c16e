import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.store.offline.ParquetOfflineStore;

/**
 * Benchmark (not a test): the CPU one thread spends per row in the shared chunk path without the source and the
 * online store: normalize (camel-jdbc-like row maps of bench/sql-pipeline.sh's data) and the offline sink (full
 * refresh: change filter + Parquet + fsyncs), chunk by chunk. Thread CPU time, which other processes' load moves far
 * less than wall time. Pass 1 warms the JIT; pass 2 is reported.
 *
 *   mvn -B -o -q -DskipTests package
 *   java -Xmx256m -cp target/fstore.jar bench/shared-path/SharedPathBench.java [rows] [chunk] [codec: SNAPPY]
 */
public class SharedPathBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String codec = args.length > 2 ? args[2] : "SNAPPY";
        FeatureGroup group = new FeatureGroup("bench_orders", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "pg", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 1 1 ? 2099"),
                false, Duration.ZERO, List.of(new Feature("amount", ValueType.DECIMAL, "", 10, 2),
                        new Feature("quantity", ValueType.LONG, "", 38, 9),
                        new Feature("discount", ValueType.DOUBLE, "", 38, 9),
                        new Feature("channel", ValueType.STRING, "", 38, 9),
                        new Feature("is_gift", ValueType.BOOL, "", 38, 9)));
        FeatureNormalizer normalizer = new FeatureNormalizer(group);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int pass = 1; pass <= 2; pass++) {
            Path dir = Files.createTempDirectory("fstore-bench-shared-");
            ParquetOfflineStore store = new ParquetOfflineStore(dir, codec);
            Random random = new Random(pass);
            long normalizeNs = 0;
            long offlineNs = 0;
            long wall = System.nanoTime();
            try {
                for (int start = 0; start < rows; start += chunk) {
                    List<Map<String, Object>> records = records(random, start, Math.min(chunk, rows - start));
                    long t0 = cpu.getCurrentThreadCpuTime();
                    NormalizedChunk normalized = normalizer.normalize(records, null);
                    long t1 = cpu.getCurrentThreadCpuTime();
                    store.write(group, normalized.rows(), Instant.now());
                    long t2 = cpu.getCurrentThreadCpuTime();
                    normalizeNs += t1 - t0;
                    offlineNs += t2 - t1;
                }
            } finally {
                store.close();
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            wall = System.nanoTime() - wall;
            System.out.printf("pass %d: %,d rows; CPU per row: normalize %.2f us, offline sink %.2f us; wall %.1f s%n",
                    pass, rows, normalizeNs / 1e3 / rows, offlineNs / 1e3 / rows, wall / 1e9);
        }
    }

    /** Rows as camel-jdbc's StreamList hands them over (a map per row), with the SQL benchmark's value kinds. */
    private static List<Map<String, Object>> records(Random random, int start, int n) {
        String[] channels = {"web", "app", "store"};
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = start + k + 1;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customer_id", "c" + String.format("%06d", i % 100_000));
            row.put("amount", BigDecimal.valueOf(random.nextInt(50_001), 2));
            row.put("quantity", 1 + i % 7);
            row.put("discount", random.nextDouble() * 0.3);
            row.put("channel", new String(channels[i % 3]));
            row.put("is_gift", i % 11 == 0);
            row.put("ts", Timestamp.from(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i)));
            out.add(row);
        }
        return out;
    }
}
