package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.fstore.normalize.Timestamps;
import org.junit.jupiter.api.Test;

/** Format 4: what is built reads back exactly, the read picks only wanted features, a merge keeps the newest. */
class EntityValuesTest {

    private static final Instant T1 = Instant.parse("2024-06-30T10:00:00.000001Z");
    private static final Instant T2 = Instant.parse("2024-07-01T10:00:00Z");
    private static final long E1 = Timestamps.toMicros(T1);
    private static final long E2 = Timestamps.toMicros(T2);
    private static final long I1 = 1_000L;
    private static final long I2 = 2_000L;

    static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> "f" + i).toList();
    }

    /** Every feature of {@code names} as the index it has in a group that wrote {@code all} in order. */
    static Map<String, StoredValue> select(byte[] bytes, List<String> all, String... wanted) {
        return EntityValues.select(new EntityValues.Cursor("g", all.size()), "e", bytes,
                GroupNames.EMPTY.with(all).positions(List.of(wanted)), List.of(wanted));
    }

    @Test
    void every_value_type_round_trips_with_a_shared_version() {
        Object[] values = {null, 42L, Long.MIN_VALUE, Long.MAX_VALUE, -1.5d, Double.NaN, -0.0d, "naïve ☕", "", true,
            false, T2, Timestamps.MIN, Timestamps.MAX, new BigDecimal("-123.4500"), new BigDecimal("1E+400"),
            new BigDecimal("123456789012345678901234567890.1234567890"), 7L};
        EntityValues.Builder builder = new EntityValues.Builder();
        for (int i = 0; i < values.length; i++) {
            builder.add(i, values[i], E1, I1);
        }
        List<String> all = names(values.length);

        Map<String, StoredValue> read = select(builder.build(), all, all.toArray(String[]::new));

        assertThat(read).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(read.get("f" + i)).as("f%d", i).isEqualTo(new StoredValue(values[i], T1));
        }
    }

    @Test
    void a_row_of_doubles_is_the_header_one_run_head_and_eight_bytes_a_value() {
        EntityValues.Builder builder = new EntityValues.Builder();
        for (int i = 0; i < 50; i++) {
            builder.add(i, i * 0.5, E1, I1);
        }

        byte[] bytes = builder.build();

        assertThat(bytes).hasSize(16 + 2 + 50 * 8);
        assertThat(select(bytes, names(50), "f0", "f49", "f7")).containsOnly(
                Map.entry("f0", new StoredValue(0.0, T1)), Map.entry("f49", new StoredValue(24.5, T1)),
                Map.entry("f7", new StoredValue(3.5, T1)));
    }

    @Test
    void slots_of_other_versions_carry_their_own_and_the_header_holds_the_most_common() {
        EntityValues.Builder builder = new EntityValues.Builder();
        builder.add(0, 1.0, E2, I1).add(1, 2L, E1, I2).add(2, 3.0, E1, I2).add(3, "x", E1, I2).add(4, 5.0, E2, I1);

        byte[] bytes = builder.build();

        assertThat(Bytes.getLong(bytes, 0)).as("header event").isEqualTo(E1);
        assertThat(Bytes.getLong(bytes, 8)).as("header ingestion").isEqualTo(I2);
        // header, then f0 (own version) alone, f1..f3 shared (types differ: three heads), f4 own
        assertThat(bytes).hasSize(16 + (1 + 16 + 8) + (1 + 8) + (1 + 8) + (1 + 1 + 1) + (1 + 16 + 8));
        assertThat(select(bytes, names(5), "f0", "f1", "f2", "f3", "f4")).containsOnly(
                Map.entry("f0", new StoredValue(1.0, T2)), Map.entry("f1", new StoredValue(2L, T1)),
                Map.entry("f2", new StoredValue(3.0, T1)), Map.entry("f3", new StoredValue("x", T1)),
                Map.entry("f4", new StoredValue(5.0, T2)));
    }

    @Test
    void runs_break_at_gaps_types_and_versions_and_gaps_of_any_size_are_kept() {
        int[] indexes = {0, 1, 2, 6, 7, 15, 16, 17, 300, 301, 100_000};
        Object[] values = {1.0, 2.0, 3.0, 4.0, 5L, true, true, false, null, null, "far"};
        EntityValues.Builder builder = new EntityValues.Builder();
        for (int i = 0; i < indexes.length; i++) {
            builder.add(indexes[i], values[i], i == 9 ? E2 : E1, I1);
        }
        byte[] bytes = builder.build();
        List<String> all = names(100_001);

        String[] wanted = Arrays.stream(indexes).mapToObj(i -> "f" + i).toArray(String[]::new);
        Map<String, StoredValue> read = select(bytes, all, wanted);

        assertThat(read).hasSize(indexes.length);
        for (int i = 0; i < indexes.length; i++) {
            assertThat(read.get("f" + indexes[i])).as("f%d", indexes[i])
                    .isEqualTo(new StoredValue(values[i], i == 9 ? T2 : T1));
        }
        assertThat(select(bytes, all, "f3", "f5", "f14", "f299", "f99999")).as("indexes between slots hold nothing")
                .isEmpty();
    }

    @Test
    void a_read_picks_wanted_features_in_any_order_and_skips_unknown_ones() {
        EntityValues.Builder builder = new EntityValues.Builder();
        builder.add(0, "a", E1, I1).add(1, new BigDecimal("1.25"), E1, I1).add(2, 3L, E1, I1).add(3, T2, E1, I1);
        byte[] bytes = builder.build();
        List<String> all = List.of("total", "tot", "é", "orders");

        assertThat(select(bytes, all, "orders", "é", "totalx", "to")).containsOnly(
                Map.entry("orders", new StoredValue(T2, T1)), Map.entry("é", new StoredValue(3L, T1)));
        assertThat(select(bytes, all, "tot")).containsOnly(Map.entry("tot", new StoredValue(new BigDecimal("1.25"), T1)));
        assertThat(select(null, all, "tot")).isEmpty();
    }

    @Test
    void a_merge_keeps_per_feature_the_newest_by_event_then_ingestion_time() {
        EntityValues.Builder builder = new EntityValues.Builder("g", 6);
        // f0 at (E2, I1), f1 at (E1, I2), f2 at (E1, I1), f3 at (E1, I1), f4 no longer written by the group
        byte[] stored = builder.add(0, 1.0, E2, I1).add(1, 2.0, E1, I2).add(2, 3.0, E1, I1).add(3, 4.0, E1, I1)
                .add(4, "old", E1, I1).build();
        int[] indexes = {0, 1, 2, 3, 5};

        byte[] merged = builder.merge("e", stored, indexes, EntityValues.order(indexes),
                new Object[] {10.0, 20.0, 30.0, 4.0, "new"}, E1, I2);

        assertThat(select(merged, names(6), "f0", "f1", "f2", "f3", "f4", "f5")).containsOnly(
                Map.entry("f0", new StoredValue(1.0, T2)), // a newer event is never regressed
                Map.entry("f1", new StoredValue(20.0, T1)), // an equal version replaces
                Map.entry("f2", new StoredValue(30.0, T1)), // a later ingestion at the same event replaces
                Map.entry("f3", new StoredValue(4.0, T1)),
                Map.entry("f4", new StoredValue("old", T1)), // untouched
                Map.entry("f5", new StoredValue("new", T1))); // new
        assertThat(builder.merge("e", merged, new int[] {0}, new int[] {0}, new Object[] {9.0}, E1, I2))
                .as("an older event changes nothing").isNull();
        assertThat(builder.merge("e", merged, new int[] {0}, new int[] {0}, new Object[] {9.0}, E2, I1 - 1))
                .as("an earlier ingestion at the same event changes nothing").isNull();
    }

    @Test
    void writing_a_row_again_changes_nothing_and_a_new_value_at_the_same_version_replaces() {
        EntityValues.Builder builder = new EntityValues.Builder("g", 6);
        int[] indexes = {2, 0, 1, 3, 4, 5};
        int[] order = EntityValues.order(indexes);
        Object[] row = {"s", 1L, null, true, T2, new BigDecimal("-0.10")};
        byte[] stored = builder.merge("e", null, indexes, order, row, E1, I1);

        assertThat(builder.merge("e", stored, indexes, order, row.clone(), E1, I1)).isNull();
        for (int f = 0; f < row.length; f++) {
            Object[] other = row.clone();
            other[f] = f == 3 ? Boolean.FALSE : f == 2 ? 0L : f == 1 ? 0.0d : f == 4 ? T1 : f == 5
                    ? new BigDecimal("-0.1") : "t";
            byte[] merged = builder.merge("e", stored, indexes, order, other, E1, I1);
            assertThat(merged).as("feature %d changed at the same version", f).isNotNull();
            assertThat(select(merged, List.of("f0", "f1", "f2", "f3", "f4", "f5"), "f" + indexes[f]))
                    .containsExactly(Map.entry("f" + indexes[f], new StoredValue(other[f], T1)));
        }
    }

    @Test
    void the_merge_order_is_by_index_and_a_feature_named_twice_takes_the_later_value() {
        assertThat(EntityValues.order(new int[] {3, 0, 2, 1})).containsExactly(1, 3, 2, 0);
        assertThat(EntityValues.order(new int[] {1, 0, 1})).containsExactly(1, 2);
        int[] indexes = {1, 0, 1};
        byte[] bytes = new EntityValues.Builder("g", 2).merge("e", null, indexes, EntityValues.order(indexes),
                new Object[] {"first", 0L, "second"}, E1, I1);
        assertThat(select(bytes, List.of("a", "b"), "a", "b")).containsOnly(
                Map.entry("a", new StoredValue(0L, T1)), Map.entry("b", new StoredValue("second", T1)));
    }

    @Test
    void values_of_types_the_store_cannot_hold_are_refused() {
        assertThatThrownBy(() -> new EntityValues.Builder().add(0, 1, E1, I1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot store a java.lang.Integer online");
    }

    private static final String GROUP = "sales";
    private static final String ENTITY = "c\n42";
    /** How a failure names the group and the entity: quoted, the line break escaped. */
    private static final String NAMED = "group 'sales', entity 'c\\u000a42'";

    /** Both a read of f0 and a merge into f0 of {@code bytes} fail, naming the group, the entity and {@code what}. */
    static void assertCorrupt(byte[] bytes, int known, String what) {
        List<String> all = names(known);
        assertThatThrownBy(() -> EntityValues.select(new EntityValues.Cursor(GROUP, known), ENTITY, bytes,
                GroupNames.EMPTY.with(all).positions(List.of("f0")), List.of("f0")))
                .as("read").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NAMED).hasMessageContaining(what);
        assertThatThrownBy(() -> new EntityValues.Builder(GROUP, known).merge(ENTITY, bytes, new int[] {0},
                new int[] {0}, new Object[] {9.0}, E2, I2))
                .as("merge").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NAMED).hasMessageContaining(what);
    }

    /** f0..f(count-1) doubles at one version: the header, one run head and 8 bytes a value. */
    private static byte[] doubles(int count) {
        EntityValues.Builder builder = new EntityValues.Builder();
        for (int i = 0; i < count; i++) {
            builder.add(i, (double) i, E1, I1);
        }
        return builder.build();
    }

    @Test
    void a_value_cut_short_fails_also_when_the_missing_bytes_are_past_the_wanted_features() {
        byte[] whole = doubles(3);

        assertCorrupt(Arrays.copyOf(whole, whole.length - 3), 3,
                "it ends inside the value at byte 34 (needs 8 bytes, 5 left)");
        assertCorrupt(Arrays.copyOf(whole, 17), 3, "it ends inside the run length at byte 17");
        assertCorrupt(Arrays.copyOf(whole, 15), 3, "it is 15 bytes long, shorter than the 16-byte header");
        assertCorrupt(new byte[0], 3, "it is 0 bytes long");
    }

    @Test
    void a_value_one_byte_too_long_fails() {
        byte[] whole = doubles(2);
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);

        longer[whole.length] = EntityValues.DOUBLE; // a slot head whose value is missing
        assertCorrupt(longer, 3, "it ends inside the value at byte " + (whole.length + 1) + " (needs 8 bytes, 0 left)");
        longer[whole.length] = EntityValues.NULL; // a whole slot, but at an index the group never named
        assertCorrupt(longer, 2, "the slot at byte " + whole.length + " names an index beyond the group's 2 features");
    }

    @Test
    void an_index_beyond_the_group_names_fails() {
        byte[] bytes = new EntityValues.Builder().add(0, 1.0, E1, I1).add(5, 2.0, E1, I1).build();

        assertThat(select(bytes, names(6), "f0", "f5")).hasSize(2);
        assertCorrupt(bytes, 5, "names an index beyond the group's 5 features (gap 4 after index 0)");
        byte[] far = new EntityValues.Builder().add(0, 1.0, E1, I1).add(100_000, 2.0, E1, I1).build();
        assertCorrupt(far, 5, "the slot at byte 25 names an index beyond the group's 5 features (gap 99999 after index 0)");
    }

    @Test
    void a_huge_run_length_fails_before_any_slot_of_it_is_visited() {
        byte[] bytes = Arrays.copyOf(doubles(0), 16 + 6);
        bytes[16] = (byte) (EntityValues.DOUBLE | 0x10); // a run of doubles at index 0
        byte[] runLength = {(byte) 0xFD, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}; // 2^31 - 3: 2^31 - 1 slots
        System.arraycopy(runLength, 0, bytes, 17, 5);

        assertCorrupt(bytes, 3, "a run of 2147483647 slots from index 0 passes the group's 3 features");
        runLength[4] = (byte) 0x8F; // a sixth varint byte
        System.arraycopy(runLength, 0, bytes, 17, 5);
        assertCorrupt(bytes, 3, "the run length at byte 17 is longer than 5 bytes");
    }

    /**
     * The type is 3 bits and each of the 8 tags is a type, so no tag is unknown: a wrong tag shows as a wrong length.
     * What a variable length says must be within the value.
     */
    @Test
    void a_string_or_decimal_length_beyond_the_value_fails() {
        byte[] string = new EntityValues.Builder().add(0, "abc", E1, I1).build();
        string[17] = 4;
        assertCorrupt(string, 1, "it ends inside the string at byte 18 (needs 4 bytes, 3 left)");
        string[17] = (byte) 0x80; // a varint that goes on past the end
        assertCorrupt(Arrays.copyOf(string, 18), 1, "it ends inside the string length at byte 17");
        byte[] decimal = new EntityValues.Builder().add(0, new BigDecimal("1.5"), E1, I1).build();
        decimal[17] = 0; // scale 0: no list or vector kind
        decimal[18] = 0;
        assertCorrupt(decimal, 1, "the decimal at byte 17 has no digits (nor is it a list or vector: kind 0)");
        byte[] wrongTag = new EntityValues.Builder().add(0, "a", E1, I1).build(); // [head][1]['a']
        wrongTag[16] = (byte) EntityValues.DECIMAL; // scale 1, length 'a' (97)
        assertCorrupt(wrongTag, 1, "it ends inside the decimal at byte 19 (needs 97 bytes, 0 left)");
    }

    @Test
    void a_format_3_value_fails_instead_of_answering_values_never_written() {
        Map<String, Format3Values.Slot> slots = new LinkedHashMap<>();
        slots.put("f0", new Format3Values.Slot(I1, ValueCodec.encode(1.0, T1)));
        slots.put("f1", new Format3Values.Slot(I1, ValueCodec.encode(2.0, T1)));

        assertCorrupt(Format3Values.encode(slots), 2, "a run of 2 slots from index 1 passes the group's 2 features");
    }

    @Test
    void a_failure_quotes_a_long_entity_key_escaped_and_shortened() {
        String key = "a\u0000'" + "x".repeat(200);

        assertThatThrownBy(() -> EntityValues.select(new EntityValues.Cursor("g", 1), key, new byte[3], new int[] {0},
                List.of("f0")))
                .hasMessageStartingWith("The online value of group 'g', entity 'a\\u0000\\u0027" + "x".repeat(61)
                        + "'... (203 characters) is not a valid format 4 value (3 bytes): it is 3 bytes long");
    }

    @Test
    void a_group_index_is_append_only_and_round_trips() {
        GroupNames names = GroupNames.EMPTY.with(List.of("b", "a", "é☕"));
        assertThat(names.with(List.of("a", "b"))).isSameAs(names);
        GroupNames grown = GroupNames.decode(names.encode()).with(List.of("c", "a", "c"));

        assertThat(List.of(grown.indexOf("b"), grown.indexOf("a"), grown.indexOf("é☕"), grown.indexOf("c"),
                grown.indexOf("zz"))).containsExactly(0, 1, 2, 3, -1);
        assertThat(GroupNames.decode(grown.encode()).positions(List.of("c", "zz", "b"))).containsExactly(2, -1, -1, 0);
        assertThat(GroupNames.decode(null).size()).isZero();
        List<String> many = new ArrayList<>(IntStream.range(0, 300).mapToObj(i -> "feature_" + i).toList());
        assertThat(GroupNames.decode(GroupNames.EMPTY.with(many).encode()).indexOf("feature_299")).isEqualTo(299);
    }
}
