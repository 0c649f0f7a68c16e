package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fstore.model.FloatVector;
import org.junit.jupiter.api.Test;

/** The value bytes of the Redis and PostgreSQL stores: every type round-trips, and a bad value fails saying why. */
class ValueCodecTest {

    private static final Instant T1 = Instant.parse("2024-06-30T10:00:00.000001Z");

    @Test
    void every_value_type_round_trips_lists_and_vectors_included() {
        List<Object> values = new ArrayList<>(EntityValuesListsTest.EVERY_ARRAY);
        values.addAll(Arrays.asList(null, 42L, -1.5d, "naïve ☕", true, T1, new BigDecimal("-123.4500")));

        for (Object v : values) {
            assertThat(ValueCodec.decode(ValueCodec.encode(v, T1))).as(String.valueOf(v))
                    .isEqualTo(new StoredValue(v, T1));
        }
    }

    @Test
    void a_vector_takes_4_bytes_a_float_lists_8_bytes_a_number_1_a_bool_and_strings_their_length() {
        assertThat(ValueCodec.encode(EntityValuesListsTest.vector(768), T1)).hasSize(9 + 4 + 768 * 4);
        assertThat(ValueCodec.encode(List.of(1L, 2L), T1)).hasSize(9 + 4 + 2 * 8);
        assertThat(ValueCodec.encode(List.of(1.0, 2.0), T1)).hasSize(9 + 4 + 2 * 8);
        assertThat(Arrays.copyOfRange(ValueCodec.encode(List.of(true, false), T1), 8, 15))
                .containsExactly(10, 0, 0, 0, 2, 1, 0);
        assertThat(Arrays.copyOfRange(ValueCodec.encode(List.of("é", ""), T1), 8, 23))
                .containsExactly(9, 0, 0, 0, 2, 0, 0, 0, 2, 0xC3 - 256, 0xA9 - 256, 0, 0, 0, 0);
    }

    @Test
    void values_written_before_lists_read_as_before() {
        // the bytes of a long and of a string as FStore wrote them before tags 7 to 11
        byte[] oldLong = ByteBuffer.allocate(17).putLong(5L).put((byte) 1).putLong(-7L).array();
        byte[] oldString = ByteBuffer.allocate(12).putLong(5L).put((byte) 3).put(new byte[] {'a', 'b', 'c'}).array();

        assertThat(ValueCodec.decode(oldLong)).isEqualTo(new StoredValue(-7L, Instant.EPOCH.plusNanos(5000)));
        assertThat(ValueCodec.decode(oldString)).isEqualTo(new StoredValue("abc", Instant.EPOCH.plusNanos(5000)));
    }

    private static void assertBad(byte[] bytes, String what) {
        assertThatThrownBy(() -> ValueCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(what);
    }

    @Test
    void a_value_cut_short_too_long_or_with_a_wrong_count_fails_saying_why() {
        byte[] strings = ValueCodec.encode(List.of("ab", "cd"), T1);
        assertBad(Arrays.copyOf(strings, strings.length - 1),
                "the length at byte 19 of element 1 says 2 bytes, 1 follow");
        byte[] longs = ValueCodec.encode(List.of(1L, 2L), T1);
        longs[12] = 3;
        assertBad(longs, "the count at byte 9 says 3 elements, 16 bytes follow");
        longs[9] = -1;
        assertBad(longs, "the count at byte 9 says -16777213 elements, 16 bytes follow");
        assertBad(Arrays.copyOf(longs, 11), "it ends inside the value of tag 7");
        byte[] bools = ValueCodec.encode(List.of(true, false), T1);
        bools[14] = 2;
        assertBad(bools, "element 1 of the list<bool> is 2 (0 or 1 expected)");
        byte[] vector = ValueCodec.encode(FloatVector.of(1f), T1);
        assertBad(Arrays.copyOf(vector, vector.length + 1), "1 bytes follow the value of tag 11");
        assertBad(Arrays.copyOf(ValueCodec.encode(7L, T1), 16), "it ends inside the value of tag 1");
        vector[8] = 12;
        assertBad(vector, "unknown value tag 12");
        assertBad(new byte[8], "it is 8 bytes long, shorter than the 9-byte header");
    }

    @Test
    void a_bad_stored_value_names_its_group_entity_and_feature() {
        byte[] cut = Arrays.copyOf(ValueCodec.encode(List.of("ab"), T1), 18);

        assertThatThrownBy(() -> ValueCodec.decode(cut, "sales", "c\n1", "tags"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The online value of group 'sales', entity 'c\\u000a1', feature 'tags' is not a valid value "
                        + "(18 bytes): the length at byte 13 of element 0 says 2 bytes, 1 follow; write the entity "
                        + "again");
    }

    @Test
    void lists_of_other_elements_are_refused() {
        assertThatThrownBy(() -> ValueCodec.encode(List.of(1L, "a"), T1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot store a list holding a java.lang.String at element 1 online");
    }
}
