package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.serving.OnlineLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OnlineStore} must do; one subclass per implementation, each on a real store. */
public abstract class OnlineStoreContract {

    static final Instant T1 = Instant.parse("2024-01-01T00:00:00.000001Z");
    static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");
    static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");

    protected OnlineStore store;
    private final String suffix = "_" + Long.toHexString(System.nanoTime());

    protected abstract OnlineStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    private final List<String> groupsUsed = new ArrayList<>();

    @AfterEach
    void closeStore() {
        try {
            groupsUsed.forEach(store::deleteGroup); // shared servers (Redis, PostgreSQL) are left as found
        } finally {
            store.close();
        }
    }

    /** Group names unique per test, so stores shared between runs never see each other's data. */
    protected String group(String name) {
        groupsUsed.add(name + suffix);
        return name + suffix;
    }

    protected FeatureGroup wideGroup(String name, Duration ttl) {
        return new FeatureGroup(group(name), "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"),
                false, ttl, List.of(Feature.of("spend", ValueType.DOUBLE), Feature.of("orders", ValueType.LONG)));
    }

    private FeatureRecord rec(String group, String entity, String feature, Object value, Instant ts) {
        return new FeatureRecord(group, feature, entity, value, ts);
    }

    @Test
    void newest_event_wins_when_records_arrive_out_of_order() {
        String g = group("ooo");
        store.write(List.of(rec(g, "c1", "x", 2L, T2)));
        store.write(List.of(rec(g, "c1", "x", 1L, T1), rec(g, "c1", "x", 3L, T3), rec(g, "c1", "x", 0L, T1)));
        store.write(List.of(rec(g, "c1", "x", 9L, T2)));

        assertThat(store.read(g, List.of("c1"), List.of("x")).get(0)).containsEntry("x", new StoredValue(3L, T3));
    }

    @Test
    void newest_row_wins_per_entity_within_and_across_chunks() {
        FeatureGroup g = wideGroup("rows", Duration.ZERO);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {2.0, 2L})), java.time.Instant.now());
        store.writeRows(g, List.of(new FeatureRow("c1", T1, new Object[] {1.0, 1L}),
                new FeatureRow("c2", T3, new Object[] {6.0, 6L}), new FeatureRow("c2", T1, new Object[] {5.0, 5L})), java.time.Instant.now());
        store.writeRows(g, List.of(), java.time.Instant.now());

        List<Map<String, StoredValue>> read = store.read(g.name(), List.of("c1", "c2"), List.of("spend", "orders"));

        assertThat(read.get(0)).containsEntry("spend", new StoredValue(2.0, T2)).containsEntry("orders", new StoredValue(2L, T2));
        assertThat(read.get(1)).containsEntry("spend", new StoredValue(6.0, T3)).containsEntry("orders", new StoredValue(6L, T3));
    }

    @Test
    void concurrent_writers_never_regress_a_value() throws Exception {
        String g = group("race");
        Map<String, Long> newestWritten = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 100; i++) {
                        List<FeatureRecord> batch = new ArrayList<>();
                        for (int e = 0; e < 10; e++) {
                            long micros = 1_700_000_000_000_000L + random.nextInt(1_000_000);
                            batch.add(rec(g, "c" + e, "x", micros, Instant.EPOCH.plusNanos(micros * 1000)));
                            newestWritten.merge("c" + e, micros, Math::max);
                        }
                        store.write(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> ids = IntStream.range(0, 10).mapToObj(e -> "c" + e).toList();
        List<Map<String, StoredValue>> read = store.read(g, ids, List.of("x"));
        for (int e = 0; e < 10; e++) {
            assertThat(read.get(e).get("x").value()).as("c" + e).isEqualTo(newestWritten.get("c" + e));
        }
    }

    @Test
    void every_value_type_round_trips_including_null() {
        String g = group("types");
        Object[] values = {null, 42L, -1.5d, "naïve ☕", true, T2, new BigDecimal("-123.4500")};
        List<FeatureRecord> batch = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            names.add("f" + i);
            batch.add(rec(g, "c1", "f" + i, values[i], T1));
        }
        store.write(batch);

        Map<String, StoredValue> read = store.read(g, List.of("c1"), names).get(0);

        for (int i = 0; i < values.length; i++) {
            assertThat(read.get("f" + i)).as("f" + i).isEqualTo(new StoredValue(values[i], T1));
        }
    }

    @Test
    void unknown_entities_and_features_read_as_missing() {
        String g = group("unknown");
        store.write(List.of(rec(g, "c1", "x", 1L, T1)));

        List<Map<String, StoredValue>> read = store.read(g, List.of("nobody", "c1"), List.of("x", "y"));

        assertThat(read.get(0)).isEmpty();
        assertThat(read.get(1)).containsOnlyKeys("x");
        assertThat(store.read(g, List.of(), List.of("x"))).isEmpty();
    }

    @Test
    void deleting_a_group_leaves_other_groups() {
        String doomed = group("doomed");
        String kept = group("doomed_not");
        store.write(List.of(rec(doomed, "c1", "x", 1L, T1), rec(kept, "c1", "x", 2L, T1)));

        store.deleteGroup(doomed);

        assertThat(store.read(doomed, List.of("c1"), List.of("x")).get(0)).isEmpty();
        assertThat(store.read(kept, List.of("c1"), List.of("x")).get(0)).containsKey("x");
    }

    @Test
    void a_batch_of_10000_entities_is_written_and_read_back() {
        FeatureGroup g = wideGroup("big", Duration.ZERO);
        List<FeatureRow> rows = IntStream.range(0, 10_000)
                .mapToObj(i -> new FeatureRow("c" + i, T1.plusSeconds(i), new Object[] {i * 0.5, (long) i})).toList();

        store.writeRows(g, rows, java.time.Instant.now());

        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "c" + i).toList();
        List<Map<String, StoredValue>> read = store.read(g.name(), ids, List.of("spend", "orders"));
        assertThat(read).hasSize(10_000);
        for (int i = 0; i < 10_000; i += 997) {
            assertThat(read.get(i)).containsEntry("orders", new StoredValue((long) i, T1.plusSeconds(i)));
        }
        assertThat(read).allSatisfy(m -> assertThat(m).containsKeys("spend", "orders"));
    }

    @Test
    void describes_itself_without_credentials() {
        assertThat(store.describe()).isNotBlank().doesNotContainIgnoringCase("password");
    }

    @Test
    void values_older_than_the_group_ttl_are_served_as_expired() {
        FeatureGroup g = wideGroup("ttl", Duration.ofDays(1));
        Instant now = Instant.now();
        store.writeRows(g, List.of(new FeatureRow("fresh", now.minusSeconds(60), new Object[] {1.0, 1L}),
                new FeatureRow("stale", now.minus(Duration.ofHours(23)).minusSeconds(3600 + 60),
                        new Object[] {2.0, 2L})), java.time.Instant.now());
        OnlineLookup lookup = new OnlineLookup(new FeatureGroups(List.of(g)), store, Clock.fixed(now, ZoneOffset.UTC),
                100);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) lookup.many(g.name(), List.of("fresh", "stale"))
                .get("results");

        assertThat(feature(results.get(0), "spend")).containsEntry("status", "present").containsEntry("value", 1.0);
        assertThat(feature(results.get(1), "spend")).containsEntry("value", null);
        assertThat(feature(results.get(1), "spend").get("status")).isIn("expired", "missing");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> feature(Map<String, Object> entity, String name) {
        return ((Map<String, Map<String, Object>>) entity.get("features")).get(name);
    }
}
