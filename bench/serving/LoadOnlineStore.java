import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.RedisOnlineStore;

/**
 * Bench helper: fills an online store with ENTITIES x FEATURES doubles of group "bench", all with one event time (the
 * optional fifth argument, ISO-8601, else now).
 */
public class LoadOnlineStore {
    public static void main(String[] args) {
        String type = args[0];
        String where = args[1];
        int entities = Integer.parseInt(args[2]);
        int featureCount = Integer.parseInt(args[3]);
        FeatureGroup group = group(doubles(featureCount));
        long start = System.nanoTime();
        try (OnlineStore store = type.equals("redis") ? new RedisOnlineStore(where)
                : new EmbeddedOnlineStore(Path.of(where))) {
            store.create(group);
            load(store, group, entities, args.length > 4 ? Instant.parse(args[4]) : Instant.now());
        }
        System.out.printf("loaded %d entities x %d features into %s in %.1f s%n", entities, featureCount, type,
                (System.nanoTime() - start) / 1e9);
    }

    /** Features f0, f1, ... of type double. */
    static List<Feature> doubles(int count) {
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            features.add(Feature.of("f" + f, ValueType.DOUBLE));
        }
        return features;
    }

    /** Group "bench" of entity customer with {@code features}. */
    static FeatureGroup group(List<Feature> features) {
        return new FeatureGroup("bench", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 1 1 ? 2099"),
                false, Duration.ZERO, features);
    }

    /** Entities c0, c1, ... with doubles {@code e * 0.001 + f} at event time {@code ts}, in chunks of 5,000. */
    static void load(OnlineStore store, FeatureGroup group, int entities, Instant ts) {
        int featureCount = group.features().size();
        for (int from = 0; from < entities; from += 5_000) {
            List<FeatureRow> rows = new ArrayList<>(5_000);
            for (int e = from; e < Math.min(entities, from + 5_000); e++) {
                Object[] values = new Object[featureCount];
                for (int f = 0; f < featureCount; f++) {
                    values[f] = e * 0.001 + f;
                }
                rows.add(new FeatureRow("c" + e, ts, values));
            }
            store.writeRows(group, rows, Instant.now());
        }
    }
}
