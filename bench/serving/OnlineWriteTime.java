import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.store.online.EmbeddedOnlineStore;

/**
 * Bench helper: the time of one embedded-store {@code writeRows} of ROWS rows x 5 features (double, long, string,
 * bool, timestamp) over ENTITIES entities, each chunk one event later than the one before, so every chunk reads,
 * merges and rewrites entities that hold values. Prints the median and best over CHUNKS chunks after WARMUP chunks.
 * Arguments: [rows=10000] [entities=100000] [chunks=40] [warmup=20].
 */
public class OnlineWriteTime {
    public static void main(String[] args) throws Exception {
        int rowCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int entities = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int chunks = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        FeatureGroup group = new FeatureGroup("bench", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 1 1 ? 2099"),
                false, Duration.ZERO, List.of(Feature.of("amount", ValueType.DOUBLE), Feature.of("orders", ValueType.LONG),
                Feature.of("segment", ValueType.STRING), Feature.of("active", ValueType.BOOL),
                Feature.of("last_seen", ValueType.TIMESTAMP)));
        Path dir = Files.createTempDirectory("fstore-write-time");
        long[] nanos = new long[chunks];
        long[] cpu = new long[chunks];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            for (int c = -warmup; c < chunks; c++) {
                int n = c + warmup;
                Instant event = t0.plusSeconds(n);
                List<FeatureRow> rows = new ArrayList<>(rowCount);
                for (int r = 0; r < rowCount; r++) {
                    int e = (int) ((n * (long) rowCount + r) * 7919 % entities);
                    rows.add(new FeatureRow("c" + e, event, new Object[] {e * 0.5 + n, (long) n, "segment-" + (e % 7),
                            e % 2 == 0, event.minusSeconds(e % 1000)}));
                }
                long start = System.nanoTime();
                long startCpu = threads.getCurrentThreadCpuTime();
                store.writeRows(group, rows, Instant.now());
                if (c >= 0) {
                    nanos[c] = System.nanoTime() - start;
                    cpu[c] = threads.getCurrentThreadCpuTime() - startCpu;
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf("writeRows of %d rows x 5 features over %d entities (%d chunks): median %.1f ms, best %.1f ms;"
                + " the calling thread's CPU: median %.1f ms, best %.1f ms%n", rowCount, entities, chunks,
                nanos[chunks / 2] / 1e6, nanos[0] / 1e6, cpu[chunks / 2] / 1e6, cpu[0] / 1e6);
    }
}
