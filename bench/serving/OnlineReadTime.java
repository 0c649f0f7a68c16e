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
 * Bench helper: the time of one embedded-store {@code read} of BATCH entities x FEATURES doubles (what a POST of the
 * serving benchmark asks), over ENTITIES entities loaded first. Prints the median and best over READS reads after as
 * many warm-up reads, in wall time and in the calling thread's CPU time.
 * Arguments: [entities=100000] [features=50] [batch=50] [reads=2000].
 */
public class OnlineReadTime {
    public static void main(String[] args) throws Exception {
        int entities = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int featureCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int reads = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        List<Feature> features = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int f = 0; f < featureCount; f++) {
            features.add(Feature.of("f" + f, ValueType.DOUBLE));
            names.add("f" + f);
        }
        FeatureGroup group = new FeatureGroup("bench", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 1 1 ? 2099"),
                false, Duration.ZERO, features);
        Path dir = Files.createTempDirectory("fstore-read-time");
        long[] nanos = new long[reads];
        long[] cpu = new long[reads];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            Instant event = Instant.parse("2024-01-01T00:00:00.123456Z");
            for (int from = 0; from < entities; from += 5_000) {
                List<FeatureRow> rows = new ArrayList<>(5_000);
                for (int e = from; e < Math.min(entities, from + 5_000); e++) {
                    Object[] values = new Object[featureCount];
                    for (int f = 0; f < featureCount; f++) {
                        values[f] = e * 0.001 + f;
                    }
                    rows.add(new FeatureRow("c" + e, event, values));
                }
                store.writeRows(group, rows, Instant.now());
            }
            for (int r = -reads; r < reads; r++) {
                List<String> ids = new ArrayList<>(batch);
                for (int b = 0; b < batch; b++) {
                    ids.add("c" + (int) (((r + reads) * (long) batch + b) * 7919 % entities));
                }
                long start = System.nanoTime();
                long startCpu = threads.getCurrentThreadCpuTime();
                int found = store.read(group.name(), ids, names).stream().mapToInt(m -> m.size()).sum();
                if (found != batch * featureCount) {
                    throw new IllegalStateException("read " + found + " values");
                }
                if (r >= 0) {
                    nanos[r] = System.nanoTime() - start;
                    cpu[r] = threads.getCurrentThreadCpuTime() - startCpu;
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf("read of %d entities x %d doubles over %d entities (%d reads): median %.0f us, best %.0f us;"
                + " the calling thread's CPU: median %.0f us, best %.0f us%n", batch, featureCount, entities, reads,
                nanos[reads / 2] / 1e3, nanos[0] / 1e3, cpu[reads / 2] / 1e3, cpu[0] / 1e3);
    }
}
