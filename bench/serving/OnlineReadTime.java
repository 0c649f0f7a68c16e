import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.store.online.EmbeddedOnlineStore;

/**
 * Bench helper: the time of one embedded-store {@code read} of BATCH entities x FEATURES doubles (what a POST of the
 * serving benchmark asks), over ENTITIES entities loaded first as {@link LoadOnlineStore} loads them. Prints the
 * median and best over READS reads after as many warm-up reads ({@link CallTimes}).
 * Arguments: [entities=100000] [features=50] [batch=50] [reads=2000].
 */
public class OnlineReadTime {
    public static void main(String[] args) throws Exception {
        int entities = CallTimes.arg(args, 0, 100_000);
        int featureCount = CallTimes.arg(args, 1, 50);
        int batch = CallTimes.arg(args, 2, 50);
        int reads = CallTimes.arg(args, 3, 2_000);
        FeatureGroup group = LoadOnlineStore.group(LoadOnlineStore.doubles(featureCount));
        List<String> names = group.features().stream().map(f -> f.name()).toList();
        Path dir = Files.createTempDirectory("fstore-read-time");
        CallTimes times = new CallTimes(reads);
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            LoadOnlineStore.load(store, group, entities, Instant.parse("2024-01-01T00:00:00.123456Z"));
            for (int r = -reads; r < reads; r++) {
                List<String> ids = new ArrayList<>(batch);
                for (int b = 0; b < batch; b++) {
                    ids.add("c" + (int) (((r + reads) * (long) batch + b) * 7919 % entities));
                }
                times.start();
                int found = store.read(group.name(), ids, names).stream().mapToInt(m -> m.size()).sum();
                times.stop(r);
                if (found != batch * featureCount) {
                    throw new IllegalStateException("read " + found + " values");
                }
            }
        } finally {
            CallTimes.delete(dir);
        }
        System.out.printf("read of %d entities x %d doubles over %d entities (%d reads): %s%n", batch, featureCount,
                entities, reads, times.summary("us"));
    }
}
