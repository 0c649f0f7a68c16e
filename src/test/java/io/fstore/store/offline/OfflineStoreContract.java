package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.IntStream;

import io.fstore.TestGroups;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link OfflineStore} does, as its javadoc states it. Extend once per implementation; {@link #open()}
 * gives a store over the test's own storage (calling it again is a restart over the same storage).
 *
 * <p>Groups: {@code refresh} is a full-refresh group (no incremental cursor), {@code cursor} an incremental one, with
 * the same features: one of every type, and a decimal wider than 18 digits.
 */
public abstract class OfflineStoreContract {

    protected static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    protected static final Instant I1 = Instant.parse("2024-05-01T12:00:00.000001Z");
    protected static final Instant I2 = I1.plusSeconds(300);
    protected static final Instant I3 = I1.plusSeconds(600);
    protected static final FeatureGroup REFRESH = group("refresh", Optional.empty());
    protected static final FeatureGroup CURSOR = group("cursor", Optional.of("ts"));
    /** Every list type and two vectors (the least dimension and a common embedding size); full refresh. */
    protected static final FeatureGroup ARRAYS = arrays("arrays", Optional.empty());
    protected static final FeatureGroup ARRAYS_CURSOR = arrays("arrays_cursor", Optional.of("ts"));
    protected static final int EMBEDDING = 768;

    private final List<OfflineStore> opened = new ArrayList<>();
    private OfflineStore store;

    /** A new store over this test's storage; stores are closed by the contract. */
    protected abstract OfflineStore open();

    /** Makes the next write fail part way, after some of its rows went to the storage (a crash mid-file). */
    protected abstract void failNextWriteMidway();

    @AfterEach
    void closeStores() {
        opened.forEach(OfflineStore::close);
    }

    protected OfflineStore store() {
        if (store == null) {
            store = open();
            opened.add(store);
        }
        return store;
    }

    private OfflineStore restart() {
        store.close();
        opened.remove(store);
        store = null;
        return store();
    }

    private static FeatureGroup group(String name, Optional<String> incremental) {
        FeatureGroup base = TestGroups.wide(incremental);
        List<Feature> features = new ArrayList<>(base.features());
        features.add(new Feature("wide_balance", ValueType.DECIMAL, "", 30, 6));
        return new FeatureGroup(name, "", base.entity(), base.source(), base.trigger(), false, Duration.ZERO, features);
    }

    private static FeatureGroup arrays(String name, Optional<String> incremental) {
        FeatureGroup base = TestGroups.wide(incremental);
        List<Feature> features = List.of(Feature.of("tags", ValueType.LIST_STRING),
                Feature.of("counts", ValueType.LIST_LONG), Feature.of("scores", ValueType.LIST_DOUBLE),
                Feature.of("flags", ValueType.LIST_BOOL), Feature.vector("unit", 1),
                Feature.vector("embedding", EMBEDDING));
        return new FeatureGroup(name, "", base.entity(), base.source(), base.trigger(), false, Duration.ZERO, features);
    }

    private static FeatureGroup named(String name) {
        return switch (name) {
            case "refresh" -> REFRESH;
            case "arrays" -> ARRAYS;
            case "arrays_cursor" -> ARRAYS_CURSOR;
            default -> CURSOR;
        };
    }

    /** A row of {@link #ARRAYS} as the normalizer hands it over: unmodifiable lists, vectors of their dimension. */
    protected static FeatureRow arrayRow(String entity, Instant event, float seed) {
        float[] embedding = new float[EMBEDDING];
        for (int i = 0; i < EMBEDDING; i++) {
            embedding[i] = seed + i / 1024f;
        }
        return new FeatureRow(entity, event, new Object[] {List.of("red", "green"), List.of(1L, -2L, 3L),
                List.of(0.5, seed * 1.0), List.of(true, false), FloatVector.of(seed), FloatVector.of(embedding)});
    }

    private static FeatureRow row(String entity, Instant event, double lifetimeValue) {
        return new FeatureRow(entity, event, new Object[] {lifetimeValue, 3L, "gold", true,
                Instant.parse("2023-01-05T08:30:00.123456Z"), new BigDecimal("12.50"),
                new BigDecimal("123456789012345678901.123456")});
    }

    /** Every row of the group as read, sorted by entity and event time, as "entity@event created [values]". */
    protected List<String> read(FeatureGroup group) {
        List<OfflineRow> rows = new ArrayList<>();
        try (OfflineRows read = store().read(group)) {
            read.forEachRemaining(rows::add);
        }
        rows.sort(Comparator.comparing(OfflineRow::entityId).thenComparing(OfflineRow::eventTimestamp));
        return rows.stream().map(OfflineStoreContract::describe).toList();
    }

    private static String describe(OfflineRow r) {
        return r.entityId() + "@" + r.eventTimestamp() + " " + r.createdTimestamp() + " "
                + Arrays.asList(r.row().values());
    }

    private static String stored(FeatureRow r, Instant created) {
        return describe(new OfflineRow(r, created));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void rows_and_every_type_read_back_as_written(String name) {
        FeatureGroup group = named(name);
        FeatureRow full = row("c1", Instant.parse("2024-03-01T10:00:00.654321Z"), 10.25);
        FeatureRow nulls = new FeatureRow("c2", T0, new Object[7]);
        FeatureRow edges = new FeatureRow("ü-ß 客户 \"quoted\"", Instant.parse("1969-07-20T20:17:40.000001Z"),
                new Object[] {-0.0, Long.MIN_VALUE, "", false, Instant.parse("1900-01-01T00:00:00Z"),
                        new BigDecimal("-99999999.99"), new BigDecimal("-999999999999999999999999.999999")});
        FeatureRow large = new FeatureRow("c4", T0, new Object[] {Double.MAX_VALUE, Long.MAX_VALUE, "x".repeat(10_000),
                true, Instant.parse("9999-12-31T23:59:59.999999Z"), new BigDecimal("99999999.99"),
                new BigDecimal("0.000001")});

        store().write(group, List.of(full, nulls, edges, large), I1);

        assertThat(read(group)).containsExactly(stored(full, I1), stored(nulls, I1), stored(large, I1),
                stored(edges, I1));
        try (OfflineRows rows = store().read(group)) {
            OfflineRow any = rows.next();
            assertThat(any.row().values()).hasSize(7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrays", "arrays_cursor"})
    void lists_and_vectors_read_back_as_written(String name) {
        FeatureGroup group = named(name);
        FeatureRow usual = arrayRow("c1", T0, 0.25f);
        FeatureRow nulls = new FeatureRow("c2", T0, new Object[6]);
        FeatureRow empty = new FeatureRow("c3", T0, new Object[] {List.of(), List.of(), List.of(), List.of(),
                FloatVector.of(-0.0f), FloatVector.of(new float[EMBEDDING])});
        float[] extremes = new float[EMBEDDING];
        Arrays.fill(extremes, -Float.MAX_VALUE);
        extremes[1] = Float.MIN_VALUE;
        extremes[EMBEDDING - 1] = Float.MAX_VALUE;
        FeatureRow edges = new FeatureRow("c4", T0, new Object[] {
                List.of("", "x".repeat(10_000), "ü-ß 客户 \"quoted\" \uD83D\uDE00", "red"),
                List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE), List.of(-Double.MAX_VALUE, -0.0, Double.MIN_VALUE, 1e300),
                List.of(false, false, true), FloatVector.of(Float.MAX_VALUE), FloatVector.of(extremes)});
        FeatureRow partly = new FeatureRow("c5", T0, new Object[] {List.of("only"), null, List.of(2.5), null, null,
                usual.values()[5]});

        store().write(group, List.of(usual, nulls, empty, edges, partly), I1);

        assertThat(read(group)).containsExactly(stored(usual, I1), stored(nulls, I1), stored(empty, I1),
                stored(edges, I1), stored(partly, I1));
        try (OfflineRows rows = store().read(group)) {
            rows.forEachRemaining(r -> {
                if (r.entityId().equals("c1")) {
                    assertThat(r.value(0)).isEqualTo(List.of("red", "green"));
                    assertThat(r.value(1)).isEqualTo(List.of(1L, -2L, 3L)).isInstanceOf(List.class);
                    assertThatThrownBy(() -> ((List<Object>) r.value(1)).add(4L))
                            .isInstanceOf(UnsupportedOperationException.class);
                    assertThat(r.value(3)).isEqualTo(List.of(true, false));
                    assertThat(r.value(4)).isEqualTo(FloatVector.of(0.25f));
                    assertThat(((FloatVector) r.value(5)).dimension()).isEqualTo(EMBEDDING);
                    assertThat(r.value(5)).isEqualTo(usual.values()[5]);
                }
            });
        }
    }

    @Test
    void a_changed_list_element_or_vector_float_is_a_change_and_equal_lists_are_not() {
        FeatureRow a = arrayRow("c1", T0, 1f);
        FeatureRow b = arrayRow("c2", T0, 2f);
        assertThat(store().write(ARRAYS, List.of(a, b), I1)).as("rows stored").isEqualTo(2);
        FeatureRow aAgain = new FeatureRow("c1", T0, new Object[] {new ArrayList<>(List.of("red", "green")),
                List.of(1L, -2L, 3L), List.of(0.5, 1.0), List.of(true, false), FloatVector.of(1f),
                FloatVector.of(((FloatVector) a.values()[5]).values().clone())});
        Object[] moved = b.values().clone();
        moved[1] = List.of(1L, 3L, -2L);
        Object[] nudged = a.values().clone();
        float[] floats = ((FloatVector) a.values()[5]).values().clone();
        floats[EMBEDDING - 1] = Math.nextUp(floats[EMBEDDING - 1]);
        nudged[5] = FloatVector.of(floats);

        assertThat(restart().write(ARRAYS, List.of(aAgain, b), I2)).as("equal lists in other objects").isZero();
        assertThat(store().write(ARRAYS, List.of(a, new FeatureRow("c2", T0, moved)), I2))
                .as("a list with two elements swapped").isEqualTo(1);
        assertThat(store().write(ARRAYS, List.of(new FeatureRow("c1", T0, nudged), new FeatureRow("c2", T0, moved)),
                I3)).as("the last float of a vector one step up").isEqualTo(1);

        assertThat(read(ARRAYS)).containsExactly(stored(new FeatureRow("c1", T0, nudged), I3),
                stored(new FeatureRow("c2", T0, moved), I2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void created_timestamp_is_the_ingestion_time_of_the_chunk(String name) {
        FeatureGroup group = named(name);
        FeatureRow a = row("c1", T0, 1.0);
        FeatureRow b = row("c2", T0, 2.0);

        store().write(group, List.of(a), I1);
        store().write(group, List.of(b), I2);

        assertThat(read(group)).containsExactly(stored(a, I1), stored(b, I2));
    }

    @Test
    void a_rewritten_chunk_of_an_incremental_group_reads_once_with_its_newest_ingestion() {
        List<FeatureRow> chunk = List.of(row("c1", T0, 1.0), row("c2", T0, 2.0), row("c1", T0.plusSeconds(60), 3.0));

        store().write(CURSOR, chunk, I1);
        store().write(CURSOR, chunk, I1); // the same chunk twice, one ingestion time
        restart().write(CURSOR, chunk, I2); // replayed after a crash: a later ingestion

        assertThat(read(CURSOR)).containsExactly(stored(chunk.get(0), I2), stored(chunk.get(2), I2),
                stored(chunk.get(1), I2));
    }

    @Test
    void a_rewritten_chunk_of_a_full_refresh_group_reads_once_with_its_first_ingestion() {
        List<FeatureRow> chunk = List.of(row("c1", T0, 1.0), row("c2", T0, 2.0), row("c1", T0.plusSeconds(60), 3.0));

        assertThat(store().write(REFRESH, chunk, I1)).as("rows stored").isEqualTo(3);
        assertThat(store().write(REFRESH, chunk, I1)).as("rows stored again").isZero();
        // the next run reads the same source rows again
        assertThat(restart().write(REFRESH, chunk, I2)).as("rows stored after a restart").isZero();

        assertThat(read(REFRESH)).as("unchanged rows are held already: not stored again")
                .containsExactly(stored(chunk.get(0), I1), stored(chunk.get(2), I1), stored(chunk.get(1), I1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void the_newest_ingestion_of_a_version_wins_whatever_order_chunks_are_written_in(String name) {
        FeatureGroup group = named(name);
        FeatureRow refund = row("c1", T0, 90.0);
        FeatureRow first = row("c1", T0, 100.0);
        FeatureRow other = row("c2", T0, 5.0);

        store().write(group, List.of(refund), I2);
        store().write(group, List.of(first, other), I1); // an older ingestion stored later

        assertThat(read(group)).containsExactly(stored(refund, I2), stored(other, I1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void a_changed_value_at_a_stored_event_time_is_read_instead_of_the_old_one(String name) {
        FeatureGroup group = named(name);
        FeatureRow before = row("c1", T0, 100.0);
        FeatureRow after = row("c1", T0, 90.0);

        store().write(group, List.of(before), I1);
        store().write(group, List.of(after), I2);

        assertThat(read(group)).containsExactly(stored(after, I2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void within_a_chunk_the_later_row_of_a_version_wins(String name) {
        FeatureGroup group = named(name);
        FeatureRow earlier = row("c1", T0, 1.0);
        FeatureRow later = row("c1", T0, 2.0);
        FeatureRow other = row("c1", T0.plusSeconds(1), 3.0);

        store().write(group, List.of(earlier, other, later), I1);

        assertThat(read(group)).containsExactly(stored(later, I1), stored(other, I1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void a_failed_write_leaves_nothing_visible_and_writing_the_same_rows_again_stores_them(String name) {
        FeatureGroup group = named(name);
        FeatureRow kept = row("c1", T0, 1.0);
        store().write(group, List.of(kept), I1);
        List<FeatureRow> chunk = IntStream.range(0, 1000).mapToObj(i -> row("e" + i, T0, i)).toList();

        failNextWriteMidway();
        assertThatThrownBy(() -> store().write(group, chunk, I2)).isInstanceOf(RuntimeException.class);

        assertThat(read(group)).as("nothing of the failed chunk").containsExactly(stored(kept, I1));
        store().write(group, chunk, I3);
        List<String> expected = new ArrayList<>(List.of(stored(kept, I1)));
        chunk.forEach(r -> expected.add(stored(r, I3)));
        assertThat(read(group)).containsExactlyInAnyOrderElementsOf(expected).hasSize(1001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh", "cursor"})
    void teardown_removes_the_group_and_the_next_write_stores_every_row_again(String name) {
        FeatureGroup group = named(name);
        FeatureGroup neighbour = group == REFRESH ? CURSOR : REFRESH;
        List<FeatureRow> chunk = List.of(row("c1", T0, 1.0), row("c2", T0, 2.0));
        store().write(group, chunk, I1);
        store().write(neighbour, chunk, I1);

        store().teardown(group.name());

        assertThat(read(group)).isEmpty();
        assertThat(read(neighbour)).as("other groups keep their rows").hasSize(2);
        store().write(group, chunk, I2);
        assertThat(read(group)).as("nothing is considered held after a teardown")
                .containsExactly(stored(chunk.get(0), I2), stored(chunk.get(1), I2));
        store().teardown("never_written");
    }

    @Test
    void a_group_never_written_reads_no_rows() {
        try (OfflineRows rows = store().read(CURSOR)) {
            assertThat(rows.hasNext()).isFalse();
            assertThatThrownBy(rows::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void a_feature_added_to_the_definition_reads_as_null_in_rows_stored_before() {
        FeatureRow old = row("c1", T0, 1.0);
        store().write(CURSOR, List.of(old), I1);
        List<Feature> features = new ArrayList<>(CURSOR.features());
        features.add(Feature.of("returns", ValueType.LONG));
        FeatureGroup widened = new FeatureGroup(CURSOR.name(), "", CURSOR.entity(), CURSOR.source(), CURSOR.trigger(),
                false, Duration.ZERO, features);
        Object[] values = Arrays.copyOf(old.values(), features.size());
        values[features.size() - 1] = 4L;
        FeatureRow now = new FeatureRow("c2", T0, values);

        store().write(widened, List.of(now), I2);

        assertThat(read(widened)).containsExactly(
                stored(new FeatureRow("c1", T0, Arrays.copyOf(old.values(), features.size())), I1), stored(now, I2));
    }

    @Test
    void a_reader_closed_early_returns_no_more_rows() {
        store().write(CURSOR, List.of(row("c1", T0, 1.0), row("c2", T0, 2.0)), I1);

        OfflineRows rows = store().read(CURSOR);
        assertThat(rows.next().createdTimestamp()).isEqualTo(I1);
        rows.close();

        assertThat(rows.hasNext()).isFalse();
        rows.close();
    }

    /**
     * 200,000 distinct versions in 20 chunks, one chunk stored twice (a crash replay). Reading must return every
     * version once while holding no more than the reader's stated bound: the retained heap after the first row and
     * half way through stays far below what the rows themselves take (measured here by holding 100,000 of them).
     */
    @Test
    void the_reader_streams_a_large_group_and_holds_no_rows_it_returned() {
        int chunks = 20;
        int perChunk = 10_000;
        for (int c = 0; c < chunks; c++) {
            store().write(CURSOR, bigChunk(c, perChunk), I1.plusSeconds(c));
        }
        Instant replayedAt = I1.plusSeconds(3600);
        store().write(CURSOR, bigChunk(7, perChunk), replayedAt);
        long expectedSum = (long) chunks * perChunk * (chunks * perChunk - 1) / 2;

        long base = heapAfterGc();
        long afterFirst = 0;
        long halfWay = 0;
        long count = 0;
        long sum = 0;
        long replayed = 0;
        try (OfflineRows rows = store().read(CURSOR)) {
            while (rows.hasNext()) {
                OfflineRow r = rows.next();
                count++;
                sum += (Long) r.value(1);
                replayed += r.createdTimestamp().equals(replayedAt) ? 1 : 0;
                if (count == 1) {
                    afterFirst = heapAfterGc() - base;
                } else if (count == chunks * perChunk / 2) {
                    halfWay = heapAfterGc() - base;
                }
            }
        }
        assertThat(count).isEqualTo(chunks * perChunk);
        assertThat(sum).as("every version once").isEqualTo(expectedSum);
        assertThat(replayed).as("the replayed chunk reads with its newest ingestion").isEqualTo(perChunk);

        List<OfflineRow> held = new ArrayList<>();
        long heldBase = heapAfterGc();
        try (OfflineRows rows = store().read(CURSOR)) {
            while (rows.hasNext() && held.size() < chunks * perChunk / 2) {
                held.add(rows.next());
            }
        }
        long holding = heapAfterGc() - heldBase;
        System.out.printf("offline read of %d rows: retained %.1f MB after the first row, %.1f MB half way; "
                        + "holding half the rows takes %.1f MB%n", count, afterFirst / 1e6, halfWay / 1e6,
                holding / 1e6);
        assertThat(held).hasSize(chunks * perChunk / 2);
        assertThat(afterFirst).isLessThan(16L << 20);
        assertThat(halfWay).isLessThan(16L << 20).isLessThan(holding / 3);
    }

    private static List<FeatureRow> bigChunk(int chunk, int size) {
        List<FeatureRow> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long n = (long) chunk * size + i;
            rows.add(new FeatureRow("customer-" + n, T0.plusSeconds(n), new Object[] {n * 0.5, n,
                    "segment " + (n % 977) + " of the streaming test", n % 2 == 0, T0.plusMillis(n),
                    BigDecimal.valueOf(n, 2), BigDecimal.valueOf(n, 6)}));
        }
        return rows;
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
