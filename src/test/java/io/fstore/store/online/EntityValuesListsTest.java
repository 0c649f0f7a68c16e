package io.fstore.store.online;

import static io.fstore.store.online.EntityValuesTest.assertCorrupt;
import static io.fstore.store.online.EntityValuesTest.names;
import static io.fstore.store.online.EntityValuesTest.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.fstore.model.FloatVector;
import io.fstore.normalize.Timestamps;
import org.junit.jupiter.api.Test;

/**
 * Format 4 list and vector slots: they round-trip exactly, take the bytes the layout says, merge by content, fail
 * naming the group and entity when cut short or wrong, and values written before them read as they did.
 */
class EntityValuesListsTest {

    private static final Instant T1 = Instant.parse("2024-06-30T10:00:00.000001Z");
    private static final Instant T2 = Instant.parse("2024-07-01T10:00:00Z");
    private static final long E1 = Timestamps.toMicros(T1);
    private static final long E2 = Timestamps.toMicros(T2);
    private static final long I1 = 1_000L;

    static FloatVector vector(int dimension) {
        float[] floats = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            floats[i] = (i - dimension / 2) * 0.1f;
        }
        return FloatVector.of(floats);
    }

    static final List<Object> EVERY_ARRAY = List.of(
            List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE),
            List.of(),
            List.of(-0.0d, Double.NaN, Double.MAX_VALUE, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 1.5),
            List.of("naïve ☕", "", "𝄞 \u0000 \"q\""),
            List.of(true, false, true),
            FloatVector.of(0.1f),
            vector(768),
            FloatVector.of(-0.0f, Float.MAX_VALUE, Float.MIN_VALUE, -3.4028235e38f));

    @Test
    void every_list_and_vector_round_trips_beside_scalars() {
        List<Object> values = new ArrayList<>(EVERY_ARRAY);
        values.addAll(List.of(new BigDecimal("1.25"), "s", 7L));
        EntityValues.Builder builder = new EntityValues.Builder();
        for (int i = 0; i < values.size(); i++) {
            builder.add(i, values.get(i), E1, I1);
        }
        List<String> all = names(values.size());

        Map<String, StoredValue> read = select(builder.build(), all, all.toArray(String[]::new));

        assertThat(read).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(read.get("f" + i)).as("f%d", i).isEqualTo(new StoredValue(values.get(i), T1));
        }
        @SuppressWarnings("unchecked")
        List<Double> doubles = (List<Double>) read.get("f2").value();
        assertThat(Double.doubleToRawLongBits(doubles.get(0))).isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThatThrownBy(() -> doubles.set(0, 1.0)).as("unmodifiable").isInstanceOf(UnsupportedOperationException.class);
        assertThat(Float.floatToRawIntBits(((FloatVector) read.get("f7").value()).get(0)))
                .isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void a_vector_takes_4_bytes_a_float_and_a_list_of_longs_8_bytes_an_element() {
        byte[] vector = new EntityValues.Builder().add(0, vector(768), E1, I1).build();
        byte[] longs = new EntityValues.Builder().add(0, List.of(1L, 2L, 3L), E1, I1).build();
        byte[] bools = new EntityValues.Builder().add(0, List.of(true, false), E1, I1).build();
        byte[] strings = new EntityValues.Builder().add(0, List.of("ab", "é"), E1, I1).build();

        // header, head, kind, 0, count varint, elements
        assertThat(vector).hasSize(16 + 1 + 1 + 1 + 2 + 768 * 4);
        assertThat(longs).hasSize(16 + 1 + 1 + 1 + 1 + 3 * 8);
        assertThat(Arrays.copyOfRange(bools, 16, bools.length)).containsExactly(EntityValues.DECIMAL, 4, 0, 2, 1, 0);
        assertThat(Arrays.copyOfRange(strings, 16, strings.length)).containsExactly(EntityValues.DECIMAL, 3, 0, 2,
                2, 'a', 'b', 2, 0xC3 - 256, 0xA9 - 256);
        // a run of lists: one head and one run length for both slots
        byte[] run = new EntityValues.Builder().add(0, List.of(1L), E1, I1).add(1, List.of(2L), E1, I1).build();
        assertThat(run).hasSize(16 + 1 + 1 + 2 * (1 + 1 + 1 + 8));
        assertThat(select(run, names(2), "f1", "f0")).containsOnly(Map.entry("f0", new StoredValue(List.of(1L), T1)),
                Map.entry("f1", new StoredValue(List.of(2L), T1)));
    }

    @Test
    void a_merge_compares_lists_and_vectors_by_content() {
        EntityValues.Builder builder = new EntityValues.Builder("g", 3);
        int[] indexes = {0, 1, 2};
        int[] order = EntityValues.order(indexes);
        Object[] row = {new ArrayList<>(List.of("a", "b")), FloatVector.of(1f, 2f), List.of()};
        byte[] stored = builder.merge("e", null, indexes, order, row, E1, I1);

        Object[] same = {List.of("a", "b"), FloatVector.of(1f, 2f), List.of()};
        assertThat(builder.merge("e", stored, indexes, order, same, E1, I1)).as("the same contents").isNull();
        Object[] other = {List.of("a", "c"), FloatVector.of(1f, 2.5f), List.of(false)};
        byte[] merged = builder.merge("e", stored, indexes, order, other, E1, I1);
        assertThat(merged).as("other contents at the same version").isNotNull();
        assertThat(select(merged, names(3), "f0", "f1", "f2")).containsOnly(
                Map.entry("f0", new StoredValue(List.of("a", "c"), T1)),
                Map.entry("f1", new StoredValue(FloatVector.of(1f, 2.5f), T1)),
                Map.entry("f2", new StoredValue(List.of(false), T1)));
        assertThat(builder.merge("e", merged, indexes, order, row, E1 - 1, I1)).as("an older event").isNull();
        byte[] newer = builder.merge("e", merged, indexes, order, new Object[] {null, vector(2), List.of(1L)}, E2, I1);
        assertThat(select(newer, names(3), "f0", "f1", "f2")).containsOnly(
                Map.entry("f0", new StoredValue(null, T2)), Map.entry("f1", new StoredValue(vector(2), T2)),
                Map.entry("f2", new StoredValue(List.of(1L), T2)));
    }

    @Test
    void lists_of_other_elements_mixed_or_with_null_are_refused() {
        assertThatThrownBy(() -> new EntityValues.Builder().add(0, List.of(1), E1, I1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot store a list holding a java.lang.Integer at element 0 online");
        assertThatThrownBy(() -> new EntityValues.Builder().add(0, List.of(1L, 2.0), E1, I1))
                .hasMessageStartingWith("cannot store a list holding a java.lang.Double at element 1 online");
        assertThatThrownBy(() -> new EntityValues.Builder().add(0, Arrays.asList("a", null), E1, I1))
                .hasMessageStartingWith("cannot store a list holding null at element 1 online");
    }

    @Test
    void a_list_or_vector_cut_short_or_wrong_fails_naming_group_and_entity() {
        byte[] strings = new EntityValues.Builder().add(0, List.of("ab", "cd"), E1, I1).build();
        assertCorrupt(Arrays.copyOf(strings, strings.length - 1), 1,
                "it ends inside the string at byte 24 (needs 2 bytes, 1 left)");
        strings[19] = 0x7F; // 127 strings in 6 bytes
        assertCorrupt(strings, 1, "it ends inside the list<string> at byte 20 (needs 127 bytes, 6 left)");

        byte[] longs = new EntityValues.Builder().add(0, List.of(1L, 2L), E1, I1).build();
        longs[19] = 3;
        assertCorrupt(longs, 1, "it ends inside the list<long> at byte 20 (needs 3 x 8 bytes, 16 left)");
        assertCorrupt(Arrays.copyOf(longs, 19), 1, "it ends inside the list<long> length at byte 19");

        byte[] bools = new EntityValues.Builder().add(0, List.of(true, false), E1, I1).build();
        bools[20] = 2;
        assertCorrupt(bools, 1, "the list<bool> at byte 17 holds 2 at byte 20 (0 or 1 expected)");

        byte[] vector = new EntityValues.Builder().add(0, FloatVector.of(1f, 2f), E1, I1).build();
        assertCorrupt(Arrays.copyOf(vector, vector.length - 1), 1,
                "it ends inside the vector at byte 20 (needs 2 x 4 bytes, 7 left)");
        byte[] longer = Arrays.copyOf(vector, vector.length + 1);
        longer[vector.length] = EntityValues.DOUBLE; // a slot head after the vector, its value missing
        assertCorrupt(longer, 2, "it ends inside the value at byte 29 (needs 8 bytes, 0 left)");
        byte[] empty = vector.clone();
        empty[19] = 0;
        assertCorrupt(empty, 1, "the vector at byte 17 has no values");
        vector[17] = 6;
        assertCorrupt(vector, 1, "the decimal at byte 17 has no digits (nor is it a list or vector: kind 6)");
    }

    /**
     * A value as format 4 was written before lists and vectors (built here by its documented layout): it reads the
     * same, and a row with a list merges into it keeping its slots.
     */
    @Test
    void a_value_written_before_lists_existed_reads_the_same_and_takes_a_list_beside_its_values() {
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        old.writeBytes(ByteBuffer.allocate(16).putLong(E1).putLong(I1).array());
        old.writeBytes(new byte[] {EntityValues.DECIMAL | 0x10, 0, 2, 1, 0x0F, 0, 2, 1, 0}); // run: 1.5, 256
        old.writeBytes(new byte[] {EntityValues.STRING, 3, 'a', 'b', 'c'});
        old.writeBytes(new byte[] {EntityValues.TRUE | 0x08});
        old.writeBytes(ByteBuffer.allocate(16).putLong(E2).putLong(I1).array());
        old.writeBytes(new byte[] {EntityValues.LONG | 1 << 5});
        old.writeBytes(ByteBuffer.allocate(8).putLong(-7L).array());
        byte[] bytes = old.toByteArray();
        List<String> all = names(6);

        Map<String, StoredValue> expected = Map.of("f0", new StoredValue(new BigDecimal("1.5"), T1),
                "f1", new StoredValue(new BigDecimal("256"), T1), "f2", new StoredValue("abc", T1),
                "f3", new StoredValue(true, T2), "f5", new StoredValue(-7L, T1));
        assertThat(select(bytes, all, "f0", "f1", "f2", "f3", "f4", "f5")).isEqualTo(expected);

        byte[] merged = new EntityValues.Builder("g", 6).merge("e", bytes, new int[] {4}, new int[] {0},
                new Object[] {List.of("x")}, E1, I1);
        assertThat(select(merged, all, "f0", "f1", "f2", "f3", "f4", "f5")).containsAllEntriesOf(expected)
                .containsEntry("f4", new StoredValue(List.of("x"), T1)).hasSize(6);
        assertThat(new String(merged, StandardCharsets.ISO_8859_1)).as("the old slots are copied as they were")
                .contains(new String(Arrays.copyOfRange(bytes, 16, 30), StandardCharsets.ISO_8859_1));
    }
}
