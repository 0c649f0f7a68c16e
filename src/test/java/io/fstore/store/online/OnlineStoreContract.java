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
import java.util.Arrays;
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
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.serving.ApiException;
import io.fstore.serving.OnlineLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OnlineStore} must do, exactly as its javadoc says; one subclass per implementation, each on a real
 * store. Every test writes through {@link OnlineStore#writeRows}, the one write path, to groups it {@link
 * OnlineStore#create}s, and tears them down afterwards (shared servers are left as found).
 */
public abstract class OnlineStoreContract {

    static final Instant T1 = Instant.parse("2024-01-01T00:00:00.000001Z");
    static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");
    static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");
    /** Ingestion times (created_timestamp) of chunks, I1 before I2 before I3. */
    static final Instant I1 = Instant.parse("2024-02-01T00:00:00.000001Z");
    static final Instant I2 = Instant.parse("2024-02-01T00:00:00.000002Z");
    static final Instant I3 = Instant.parse("2024-02-01T00:00:00.000003Z");

    static final Feature SPEND = Feature.of("spend", ValueType.DOUBLE);
    static final Feature ORDERS = Feature.of("orders", ValueType.LONG);

    protected OnlineStore store;
    private final String suffix = "_" + Long.toHexString(System.nanoTime());
    private final List<String> groupsUsed = new ArrayList<>();

    protected abstract OnlineStore newStore() throws Exception;

    /**
     * A store of this implementation that cannot serve now: its server stopped (a server the test owns), or the store
     * closed when it has no server. The caller closes it.
     */
    protected abstract OnlineStore storeThatCannotServe() throws Exception;

    /**
     * Cuts the last {@code bytes} bytes off the stored value that holds this feature of this entity (the feature's own
     * value, or the entity's values where the store keeps them together), as a torn write or a bad restore would; the
     * test's {@link #store} may be replaced by one opened again.
     */
    protected abstract void cutShort(String group, String entity, String feature, int bytes) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        try {
            groupsUsed.forEach(store::teardown);
        } finally {
            store.close();
        }
    }

    /** A group name unique per test run, torn down after the test, so shared stores never see each other's data. */
    protected String groupName(String name) {
        groupsUsed.add(name + suffix);
        return name + suffix;
    }

    /** A group definition (not created in the store). */
    protected static FeatureGroup definition(String fullName, Duration ttl, Feature... features) {
        return new FeatureGroup(fullName, "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"),
                false, ttl, Arrays.asList(features));
    }

    /** A new group with these features, created in the store. */
    protected FeatureGroup group(String name, Duration ttl, Feature... features) {
        FeatureGroup g = definition(groupName(name), ttl, features);
        store.create(g);
        return g;
    }

    /** A new group with the features spend (double) and orders (long), created in the store. */
    protected FeatureGroup wideGroup(String name, Duration ttl) {
        return group(name, ttl, SPEND, ORDERS);
    }

    protected static FeatureRow row(String entity, Instant event, Object... values) {
        return new FeatureRow(entity, event, values);
    }

    protected Map<String, StoredValue> read(FeatureGroup g, String entity) {
        return store.read(g.name(), List.of(entity), List.of("spend", "orders")).get(0);
    }

    // Order: (event time, ingestion time), newest wins, per feature.

    @Test
    void newest_event_wins_when_chunks_arrive_out_of_order() {
        FeatureGroup g = wideGroup("ooo", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T2, 2.0, 2L)), I1);
        store.writeRows(g, List.of(row("c1", T1, 1.0, 1L), row("c1", T3, 3.0, 3L), row("c1", T1, 0.0, 0L)), I2);
        store.writeRows(g, List.of(row("c1", T2, 9.0, 9L)), I3);

        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(3.0, T3)),
                Map.entry("orders", new StoredValue(3L, T3)));
    }

    @Test
    void newest_row_wins_per_entity_within_and_across_chunks() {
        FeatureGroup g = wideGroup("rows", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T2, 2.0, 2L)), I1);
        store.writeRows(g, List.of(row("c1", T1, 1.0, 1L), row("c2", T3, 6.0, 6L), row("c2", T1, 5.0, 5L)), I2);
        store.writeRows(g, List.of(), I3);

        List<Map<String, StoredValue>> read = store.read(g.name(), List.of("c1", "c2"), List.of("spend", "orders"));

        assertThat(read.get(0)).containsOnly(Map.entry("spend", new StoredValue(2.0, T2)),
                Map.entry("orders", new StoredValue(2L, T2)));
        assertThat(read.get(1)).containsOnly(Map.entry("spend", new StoredValue(6.0, T3)),
                Map.entry("orders", new StoredValue(6L, T3)));
    }

    @Test
    void concurrent_writers_never_regress_a_value() throws Exception {
        FeatureGroup g = group("race", Duration.ZERO, ORDERS);
        Map<String, Long> newestWritten = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 100; i++) {
                        List<FeatureRow> chunk = new ArrayList<>();
                        for (int e = 0; e < 10; e++) {
                            long micros = 1_700_000_000_000_000L + random.nextInt(1_000_000);
                            chunk.add(row("c" + e, Instant.EPOCH.plusNanos(micros * 1000), micros));
                            newestWritten.merge("c" + e, micros, Math::max);
                        }
                        store.writeRows(g, chunk, I1.plusNanos(1000L * (seed * 1000 + i)));
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
        List<Map<String, StoredValue>> read = store.read(g.name(), ids, List.of("orders"));
        for (int e = 0; e < 10; e++) {
            assertThat(read.get(e).get("orders").value()).as("c" + e).isEqualTo(newestWritten.get("c" + e));
        }
    }

    @Test
    void every_value_type_round_trips_including_null() {
        FeatureGroup g = group("types", Duration.ZERO, Feature.of("f0", ValueType.STRING),
                Feature.of("f1", ValueType.LONG), Feature.of("f2", ValueType.DOUBLE), Feature.of("f3", ValueType.STRING),
                Feature.of("f4", ValueType.BOOL), Feature.of("f5", ValueType.TIMESTAMP),
                new Feature("f6", ValueType.DECIMAL, "", 10, 4));
        Object[] values = {null, 42L, -1.5d, "naïve ☕", true, T2, new BigDecimal("-123.4500")};
        store.writeRows(g, List.of(new FeatureRow("c1", T1, values)), I1);

        Map<String, StoredValue> read = store.read(g.name(), List.of("c1"),
                List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6")).get(0);

        for (int i = 0; i < values.length; i++) {
            assertThat(read.get("f" + i)).as("f" + i).isEqualTo(new StoredValue(values[i], T1));
        }
    }

    // Lists and vectors: values like any other, compared by content

    static final List<String> ARRAYS = List.of("longs", "doubles", "strings", "bools", "one", "embedding");

    /** A group of every list type, a vector of dimension 1 and one of 768. */
    protected FeatureGroup arrayGroup(String name) {
        return group(name, Duration.ZERO, Feature.of("longs", ValueType.LIST_LONG),
                Feature.of("doubles", ValueType.LIST_DOUBLE), Feature.of("strings", ValueType.LIST_STRING),
                Feature.of("bools", ValueType.LIST_BOOL), Feature.vector("one", 1), Feature.vector("embedding", 768));
    }

    static FloatVector embedding(int seed) {
        float[] floats = new float[768];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) Math.sin(seed + i) * (i % 7 == 0 ? 3.4e38f : 1f);
        }
        return FloatVector.of(floats);
    }

    @Test
    void lists_and_vectors_round_trip_including_empty_lists_nulls_and_extremes() {
        FeatureGroup g = arrayGroup("arrays");
        Object[] full = {List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE),
            List.of(-0.0d, Double.MIN_VALUE, Double.MAX_VALUE, -1.5e-300, Double.NaN),
            List.of("naïve ☕", "", "𝄞 line\nbreak \"quoted\"", "x".repeat(300)), List.of(true, false, false),
            FloatVector.of(0.1f), embedding(1)};
        Object[] empty = {List.of(), List.of(), List.of(), List.of(), FloatVector.of(-0.0f), embedding(2)};
        Object[] nulls = {null, null, null, null, null, null};
        store.writeRows(g, List.of(new FeatureRow("full", T1, full), new FeatureRow("empty", T1, empty),
                new FeatureRow("nulls", T1, nulls)), I1);

        List<Map<String, StoredValue>> read = store.read(g.name(), List.of("full", "empty", "nulls"), ARRAYS);

        for (int f = 0; f < ARRAYS.size(); f++) {
            assertThat(read.get(0).get(ARRAYS.get(f))).as("full " + ARRAYS.get(f)).isEqualTo(new StoredValue(full[f], T1));
            assertThat(read.get(1).get(ARRAYS.get(f))).as("empty " + ARRAYS.get(f))
                    .isEqualTo(new StoredValue(empty[f], T1));
            assertThat(read.get(2).get(ARRAYS.get(f))).as("null " + ARRAYS.get(f)).isEqualTo(new StoredValue(null, T1));
        }
        assertThat(((FloatVector) read.get(0).get("embedding").value()).dimension()).isEqualTo(768);
        assertThat(read.get(1).get("longs").value()).isInstanceOf(List.class).asList().isEmpty();
    }

    @Test
    void the_newest_list_wins_and_an_equal_list_written_again_changes_nothing() {
        FeatureGroup g = group("array_order", Duration.ZERO, Feature.of("strings", ValueType.LIST_STRING),
                Feature.vector("one", 1));
        store.writeRows(g, List.of(row("c1", T2, List.of("b", "c"), FloatVector.of(2f))), I1);
        store.writeRows(g, List.of(row("c1", T1, List.of("old"), FloatVector.of(1f))), I2);
        assertThat(store.read(g.name(), List.of("c1"), List.of("strings", "one")).get(0)).as("an older event")
                .containsOnly(Map.entry("strings", new StoredValue(List.of("b", "c"), T2)),
                        Map.entry("one", new StoredValue(FloatVector.of(2f), T2)));

        store.writeRows(g, List.of(row("c1", T2, new ArrayList<>(List.of("b", "c")), FloatVector.of(2f))), I1);
        store.writeRows(g, List.of(row("c1", T2, List.of("refund"), FloatVector.of(3f)),
                row("c2", T3, List.of(), FloatVector.of(4f))), I2);

        assertThat(store.read(g.name(), List.of("c1", "c2"), List.of("strings", "one"))).containsExactly(
                Map.of("strings", new StoredValue(List.of("refund"), T2), "one", new StoredValue(FloatVector.of(3f), T2)),
                Map.of("strings", new StoredValue(List.of(), T3), "one", new StoredValue(FloatVector.of(4f), T3)));
    }

    @Test
    void a_list_value_cut_short_fails_the_read_naming_the_group_and_the_entity() throws Exception {
        FeatureGroup g = group("array_cut", Duration.ZERO, Feature.of("strings", ValueType.LIST_STRING));
        store.writeRows(g, List.of(row("good", T1, List.of("ab", "cd")), row("cut", T1, List.of("ab", "cd"))), I1);

        cutShort(g.name(), "cut", "strings", 1);

        assertThat(store.read(g.name(), List.of("good"), List.of("strings")).get(0))
                .containsOnly(Map.entry("strings", new StoredValue(List.of("ab", "cd"), T1)));
        assertThatThrownBy(() -> store.read(g.name(), List.of("good", "cut"), List.of("strings")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("group '" + g.name() + "', entity 'cut'")
                .hasMessageContaining("string");
    }

    @Test
    void unknown_entities_and_features_read_as_missing() {
        FeatureGroup g = wideGroup("unknown", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T1, 1.0, 1L)), I1);

        List<Map<String, StoredValue>> read = store.read(g.name(), List.of("nobody", "c1"), List.of("orders", "y"));

        assertThat(read.get(0)).isEmpty();
        assertThat(read.get(1)).containsOnly(Map.entry("orders", new StoredValue(1L, T1)));
        assertThat(store.read(g.name(), List.of(), List.of("orders"))).isEmpty();
    }

    @Test
    void a_batch_of_10000_entities_is_written_and_read_back() {
        FeatureGroup g = wideGroup("big", Duration.ZERO);
        List<FeatureRow> rows = IntStream.range(0, 10_000)
                .mapToObj(i -> row("c" + i, T1.plusSeconds(i), i * 0.5, (long) i)).toList();

        store.writeRows(g, rows, I1);

        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "c" + i).toList();
        List<Map<String, StoredValue>> read = store.read(g.name(), ids, List.of("spend", "orders"));
        assertThat(read).hasSize(10_000);
        for (int i = 0; i < 10_000; i += 997) {
            assertThat(read.get(i)).containsEntry("orders", new StoredValue((long) i, T1.plusSeconds(i)));
        }
        assertThat(read).allSatisfy(m -> assertThat(m).containsKeys("spend", "orders"));
    }

    // ping: the online-store health check

    @Test
    void ping_answers_while_the_store_serves_and_changes_no_value() {
        FeatureGroup g = wideGroup("ping", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T1, 1.0, 1L)), I1);

        store.ping(Duration.ofSeconds(2));
        store.ping(Duration.ofSeconds(2));

        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(1.0, T1)),
                Map.entry("orders", new StoredValue(1L, T1)));
        assertThat(store.read(g.name(), List.of("c1", "c2"), List.of("spend")))
                .containsExactly(Map.of("spend", new StoredValue(1.0, T1)), Map.of());
    }

    @Test
    void ping_throws_with_the_reason_while_the_store_cannot_serve() throws Exception {
        OnlineStore away = storeThatCannotServe();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> away.ping(Duration.ofSeconds(2))).isInstanceOf(RuntimeException.class)
                    .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContainIgnoringCase("password"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a prompt answer")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            away.close();
        }
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

    // Per feature: each (entity, feature) has its own version; features the group does not declare are untouched.

    @Test
    void a_feature_the_group_gains_is_written_even_when_the_row_is_older_than_the_entity_other_features() {
        String name = groupName("gains");
        FeatureGroup v1 = definition(name, Duration.ZERO, SPEND);
        FeatureGroup v2 = definition(name, Duration.ZERO, SPEND, ORDERS);
        store.create(v1);
        store.writeRows(v1, List.of(row("c1", T2, 2.0)), I1);
        store.create(v2);
        store.writeRows(v2, List.of(row("c1", T1, 1.0, 1L)), I2);

        assertThat(read(v2, "c1")).containsOnly(Map.entry("spend", new StoredValue(2.0, T2)),
                Map.entry("orders", new StoredValue(1L, T1)));
    }

    @Test
    void a_feature_the_group_no_longer_declares_is_left_untouched_by_newer_rows() {
        String name = groupName("loses");
        FeatureGroup v1 = definition(name, Duration.ZERO, SPEND, ORDERS);
        FeatureGroup v2 = definition(name, Duration.ZERO, SPEND);
        store.create(v1);
        store.writeRows(v1, List.of(row("c1", T1, 1.0, 1L)), I1);
        store.create(v2);
        store.writeRows(v2, List.of(row("c1", T3, 3.0)), I2);

        assertThat(read(v1, "c1")).containsOnly(Map.entry("spend", new StoredValue(3.0, T3)),
                Map.entry("orders", new StoredValue(1L, T1)));
    }

    @Test
    void a_row_replaces_the_features_it_is_newer_than_and_keeps_the_newer_ones() {
        String name = groupName("mixed");
        FeatureGroup spendOnly = definition(name, Duration.ZERO, SPEND);
        FeatureGroup both = definition(name, Duration.ZERO, SPEND, ORDERS);
        store.create(both);
        store.writeRows(both, List.of(row("c1", T1, 1.0, 1L)), I1);
        store.writeRows(spendOnly, List.of(row("c1", T3, 3.0)), I2);

        store.writeRows(both, List.of(row("c1", T2, 2.0, 2L)), I3);

        assertThat(read(both, "c1")).containsOnly(Map.entry("spend", new StoredValue(3.0, T3)),
                Map.entry("orders", new StoredValue(2L, T2)));
    }

    @Test
    void ingestion_times_are_kept_per_feature() {
        String name = groupName("ingestion");
        FeatureGroup spendOnly = definition(name, Duration.ZERO, SPEND);
        FeatureGroup both = definition(name, Duration.ZERO, SPEND, ORDERS);
        store.create(both);
        store.writeRows(both, List.of(row("c1", T2, 1.0, 1L)), I1);
        store.writeRows(spendOnly, List.of(row("c1", T2, 5.0)), I3); // spend is now at (T2, I3), orders at (T2, I1)

        store.writeRows(both, List.of(row("c1", T2, 2.0, 2L)), I2);

        assertThat(read(both, "c1")).as("(T2, I2) is older than spend's (T2, I3), newer than orders' (T2, I1)")
                .containsOnly(Map.entry("spend", new StoredValue(5.0, T2)), Map.entry("orders", new StoredValue(2L, T2)));
    }

    @Test
    void a_null_value_is_a_value_that_replaces_and_is_replaced_by_the_rule() {
        FeatureGroup g = wideGroup("nulls", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T1, 1.0, 1L)), I1);
        store.writeRows(g, List.of(row("c1", T2, null, 2L)), I2);
        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(null, T2)),
                Map.entry("orders", new StoredValue(2L, T2)));

        store.writeRows(g, List.of(row("c1", T1, 9.0, 9L)), I3);
        assertThat(read(g, "c1")).as("an older event does not replace a null")
                .containsOnly(Map.entry("spend", new StoredValue(null, T2)), Map.entry("orders", new StoredValue(2L, T2)));

        store.writeRows(g, List.of(row("c1", T3, 3.0, null)), I3);
        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(3.0, T3)),
                Map.entry("orders", new StoredValue(null, T3)));
    }

    @Test
    void groups_with_the_same_features_and_entities_never_touch_each_other() {
        FeatureGroup a = wideGroup("twin", Duration.ZERO);
        FeatureGroup b = wideGroup("twin_other", Duration.ZERO);
        store.writeRows(a, List.of(row("c1", T2, 2.0, 2L)), I2);
        store.writeRows(b, List.of(row("c1", T1, 1.0, 1L)), I1);

        assertThat(read(a, "c1")).containsOnly(Map.entry("spend", new StoredValue(2.0, T2)),
                Map.entry("orders", new StoredValue(2L, T2)));
        assertThat(read(b, "c1")).containsOnly(Map.entry("spend", new StoredValue(1.0, T1)),
                Map.entry("orders", new StoredValue(1L, T1)));
    }

    // Ties: equal versions replace, so a chunk written again leaves the same values.

    @Test
    void at_an_equal_version_the_later_write_replaces() {
        FeatureGroup g = wideGroup("equal_version", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T2, 1.0, 1L)), I1);
        store.writeRows(g, List.of(row("c1", T2, 2.0, 2L)), I1);

        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(2.0, T2)),
                Map.entry("orders", new StoredValue(2L, T2)));
    }

    // Lifecycle: create is idempotent and keeps values; teardown removes one group, all of it.

    @Test
    void create_twice_keeps_the_group_and_its_values() {
        FeatureGroup g = wideGroup("create_twice", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T2, 2.0, 2L)), I1);

        store.create(g);
        store.create(definition(g.name(), Duration.ofDays(1), SPEND)); // a later definition, one feature fewer

        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(2.0, T2)),
                Map.entry("orders", new StoredValue(2L, T2)));
        store.writeRows(g, List.of(row("c1", T3, 3.0, 3L)), I2);
        assertThat(read(g, "c1")).containsOnly(Map.entry("spend", new StoredValue(3.0, T3)),
                Map.entry("orders", new StoredValue(3L, T3)));
    }

    @Test
    void teardown_removes_every_value_of_the_group_and_nothing_of_any_other() {
        FeatureGroup doomed = wideGroup("doomed", Duration.ZERO);
        FeatureGroup kept = wideGroup("doomed_not", Duration.ZERO); // its name starts with the doomed one's
        List<String> ids = List.of("c1", "c:2*", "");
        for (FeatureGroup g : List.of(doomed, kept)) {
            store.writeRows(g, ids.stream().map(id -> row(id, T2, 2.0, 2L)).toList(), I1);
        }

        store.teardown(doomed.name());

        assertThat(store.read(doomed.name(), ids, List.of("spend", "orders"))).containsOnly(Map.of());
        assertThat(store.read(kept.name(), ids, List.of("spend", "orders"))).hasSize(3).allSatisfy(m ->
                assertThat(m).containsOnly(Map.entry("spend", new StoredValue(2.0, T2)),
                        Map.entry("orders", new StoredValue(2L, T2))));
    }

    @Test
    void teardown_takes_the_group_name_literally() {
        FeatureGroup wild = wideGroup("wild*", Duration.ZERO);
        FeatureGroup tame = wideGroup("wild_tame", Duration.ZERO); // what "wild*" would match as a pattern
        store.writeRows(wild, List.of(row("c1", T1, 1.0, 1L)), I1);
        store.writeRows(tame, List.of(row("c1", T1, 1.0, 1L)), I1);

        store.teardown(wild.name());

        assertThat(read(wild, "c1")).isEmpty();
        assertThat(read(tame, "c1")).containsOnly(Map.entry("spend", new StoredValue(1.0, T1)),
                Map.entry("orders", new StoredValue(1L, T1)));
    }

    @Test
    void a_group_torn_down_and_created_again_starts_empty_and_takes_older_events() {
        FeatureGroup g = wideGroup("recreated", Duration.ZERO);
        store.writeRows(g, List.of(row("c1", T3, 3.0, 3L), row("c2", T3, 3.0, 3L)), I2);

        store.teardown(g.name());
        store.teardown(g.name()); // nothing left: still fine
        store.create(g);
        store.writeRows(g, List.of(row("c1", T1, 1.0, 1L)), I1);

        assertThat(store.read(g.name(), List.of("c1", "c2"), List.of("spend", "orders"))).containsExactly(
                Map.of("spend", new StoredValue(1.0, T1), "orders", new StoredValue(1L, T1)), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> feature(Map<String, Object> entity, String name) {
        return ((Map<String, Map<String, Object>>) entity.get("features")).get(name);
    }
}
