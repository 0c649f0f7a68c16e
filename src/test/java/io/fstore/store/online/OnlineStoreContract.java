package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.serving.ApiException;
import io.fstore.serving.OnlineLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OnlineStore} must do; one subclass per implementation, each on a real store. */
public abstract class OnlineStoreContract {

    static final Instant T1 = Instant.parse("2024-01-01T00:00:00.000001Z");
    static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");
    static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");
    /** Ingestion times (created_timestamp) of two chunks, I1 before I2. */
    static final Instant I1 = Instant.parse("2024-02-01T00:00:00.000001Z");
    static final Instant I2 = Instant.parse("2024-02-01T00:00:00.000002Z");

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
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {2.0, 2L})), Instant.now());
        store.writeRows(g, List.of(new FeatureRow("c1", T1, new Object[] {1.0, 1L}),
                new FeatureRow("c2", T3, new Object[] {6.0, 6L}), new FeatureRow("c2", T1, new Object[] {5.0, 5L})), Instant.now());
        store.writeRows(g, List.of(), Instant.now());

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

        store.writeRows(g, rows, Instant.now());

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
    void values_older_than_the_group_ttl_are_served_as_missing_by_every_read() throws Exception {
        FeatureGroup g = wideGroup("ttl", Duration.ofDays(1));
        Instant now = Instant.now();
        Instant freshEvent = now.minusSeconds(60);
        store.writeRows(g, List.of(new FeatureRow("fresh", freshEvent, new Object[] {1.0, 1L}),
                new FeatureRow("stale", now.minus(Duration.ofDays(1)).minusSeconds(60), new Object[] {2.0, 2L})),
                now);
        OnlineLookup lookup = new OnlineLookup(new FeatureGroups(List.of(g)), store, Clock.fixed(now, ZoneOffset.UTC),
                100, 100_000, new io.fstore.pipeline.Readiness(List.of()));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) lookup.many(g.name(), List.of("fresh", "stale"), "customer_id")
                .get("results");

        assertThat(results.get(0)).containsEntry("status", "present");
        assertThat(feature(results.get(0), "spend")).containsEntry("status", "present").containsEntry("value", 1.0)
                .containsEntry("event_timestamp", freshEvent.truncatedTo(ChronoUnit.MICROS).toString());
        assertThat(results.get(1)).containsEntry("status", "missing");
        assertThat(feature(results.get(1), "spend")).containsEntry("status", "missing").containsEntry("value", null)
                .containsEntry("event_timestamp", null);
        assertThatThrownBy(() -> lookup.one(g.name(), "stale")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));

        java.nio.ByteBuffer json = (java.nio.ByteBuffer) lookup.batch("customer_id", List.of("fresh", "stale"),
                List.of(g.name() + ":orders"));
        JsonNode orders = new ObjectMapper().readTree(java.nio.charset.StandardCharsets.UTF_8.decode(json).toString())
                .get("results").get(1);
        assertThat(orders.get("statuses").toString()).isEqualTo("[\"present\",\"missing\"]");
        assertThat(orders.get("values").toString()).isEqualTo("[1,null]");
        assertThat(orders.get("event_timestamps").get(1).isNull()).isTrue();
    }

    // The tie rule: order by (event time, ingestion time); a write lands when it is not older than the stored value.

    @Test
    void a_refund_at_the_same_event_time_ingested_later_replaces_the_value() {
        FeatureGroup g = wideGroup("refund", Duration.ZERO);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {100.0, 3L})), I1);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {60.0, 2L})), I2);

        assertThat(store.read(g.name(), List.of("c1"), List.of("spend", "orders")).get(0))
                .containsEntry("spend", new StoredValue(60.0, T2)).containsEntry("orders", new StoredValue(2L, T2));
    }

    @Test
    void an_earlier_ingestion_at_the_same_event_time_does_not_replace_the_value() {
        FeatureGroup g = wideGroup("late_replay", Duration.ZERO);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {60.0, 2L})), I2);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {100.0, 3L})), I1);

        assertThat(store.read(g.name(), List.of("c1"), List.of("spend", "orders")).get(0))
                .containsEntry("spend", new StoredValue(60.0, T2)).containsEntry("orders", new StoredValue(2L, T2));
    }

    @Test
    void within_one_chunk_the_later_row_wins_at_the_same_event_time() {
        FeatureGroup g = wideGroup("chunk_tie", Duration.ZERO);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {1.0, 1L}),
                new FeatureRow("c1", T2, new Object[] {2.0, 2L}), new FeatureRow("c1", T1, new Object[] {9.0, 9L}),
                new FeatureRow("c1", T2, new Object[] {3.0, 3L}), new FeatureRow("c2", T2, new Object[] {8.0, 8L}),
                new FeatureRow("c2", T2, new Object[] {7.0, 7L})), I1);

        List<Map<String, StoredValue>> read = store.read(g.name(), List.of("c1", "c2"), List.of("spend", "orders"));

        assertThat(read.get(0)).containsEntry("spend", new StoredValue(3.0, T2))
                .containsEntry("orders", new StoredValue(3L, T2));
        assertThat(read.get(1)).containsEntry("spend", new StoredValue(7.0, T2))
                .containsEntry("orders", new StoredValue(7L, T2));
    }

    @Test
    void an_older_event_never_regresses_a_value_even_when_ingested_later() {
        FeatureGroup g = wideGroup("regress", Duration.ZERO);
        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {2.0, 2L})), I1);
        store.writeRows(g, List.of(new FeatureRow("c1", T1, new Object[] {1.0, 1L})), I2);

        assertThat(store.read(g.name(), List.of("c1"), List.of("spend", "orders")).get(0))
                .containsEntry("spend", new StoredValue(2.0, T2)).containsEntry("orders", new StoredValue(2L, T2));
    }

    @Test
    void event_times_a_microsecond_apart_are_ordered_exactly_far_from_1970() {
        FeatureGroup g = wideGroup("far", Duration.ZERO);
        Instant late = Instant.parse("9999-12-31T23:59:59.999999Z");
        Instant early = Instant.parse("0001-01-01T00:00:00.000001Z");
        store.writeRows(g, List.of(new FeatureRow("late", late, new Object[] {2.0, 2L}),
                new FeatureRow("early", early, new Object[] {2.0, 2L})), I1);
        store.writeRows(g, List.of(new FeatureRow("late", late.minusNanos(1000), new Object[] {1.0, 1L}),
                new FeatureRow("early", early.minusNanos(1000), new Object[] {1.0, 1L})), I2);

        assertThat(store.read(g.name(), List.of("late", "early"), List.of("orders")))
                .containsExactly(Map.of("orders", new StoredValue(2L, late)),
                        Map.of("orders", new StoredValue(2L, early)));
    }

    @Test
    void the_same_chunk_written_twice_leaves_the_same_values() {
        FeatureGroup g = wideGroup("retry", Duration.ZERO);
        List<FeatureRow> chunk = List.of(new FeatureRow("c1", T2, new Object[] {2.0, 2L}));
        store.writeRows(g, chunk, I1);
        store.writeRows(g, chunk, I1);

        assertThat(store.read(g.name(), List.of("c1"), List.of("spend", "orders")).get(0))
                .containsEntry("spend", new StoredValue(2.0, T2)).containsEntry("orders", new StoredValue(2L, T2));
    }

    @Test
    void a_later_record_write_replaces_a_value_at_the_same_event_time() {
        String g = group("record_tie");
        store.write(List.of(rec(g, "c1", "x", 1L, T2)));
        store.write(List.of(rec(g, "c1", "x", 2L, T2), rec(g, "c1", "y", 5L, T1), rec(g, "c1", "y", 6L, T1)));

        assertThat(store.read(g, List.of("c1"), List.of("x", "y")).get(0))
                .containsEntry("x", new StoredValue(2L, T2)).containsEntry("y", new StoredValue(6L, T1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> feature(Map<String, Object> entity, String name) {
        return ((Map<String, Map<String, Object>>) entity.get("features")).get(name);
    }
}
