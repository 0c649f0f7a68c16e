import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.ValueType;
import io.fstore.store.online.EmbeddedOnlineStore;

/**
 * Bench helper: the time of one embedded-store {@code writeRows} of ROWS rows x 5 features (double, long, string,
 * bool, timestamp) over ENTITIES entities, each chunk one event later than the one before, so every chunk reads,
 * merges and rewrites entities that hold values. Prints the median and best over CHUNKS chunks after WARMUP chunks
 * ({@link CallTimes}). Arguments: [rows=10000] [entities=100000] [chunks=40] [warmup=20].
 */
public class OnlineWriteTime {
    public static void main(String[] args) throws Exception {
        int rowCount = CallTimes.arg(args, 0, 10_000);
        int entities = CallTimes.arg(args, 1, 100_000);
        int chunks = CallTimes.arg(args, 2, 40);
        int warmup = CallTimes.arg(args, 3, 20);
        FeatureGroup group = LoadOnlineStore.group(List.of(Feature.of("amount", ValueType.DOUBLE),
                Feature.of("orders", ValueType.LONG), Feature.of("segment", ValueType.STRING),
                Feature.of("active", ValueType.BOOL), Feature.of("last_seen", ValueType.TIMESTAMP)));
        Path dir = Files.createTempDirectory("fstore-write-time");
        CallTimes times = new CallTimes(chunks);
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
                times.start();
                store.writeRows(group, rows, Instant.now());
                times.stop(c);
            }
        } finally {
            CallTimes.delete(dir);
        }
        System.out.printf("writeRows of %d rows x 5 features over %d entities (%d chunks): %s%n", rowCount, entities,
                chunks, times.summary("ms"));
    }
}
