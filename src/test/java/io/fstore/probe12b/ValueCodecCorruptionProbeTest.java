package io.fstore.probe12b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import io.fstore.model.FloatVector;
import io.fstore.store.online.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * Probe (#12): bytes of the Redis/PostgreSQL online value format that were not written by {@link ValueCodec} must fail
 * to decode, never read as a value nobody wrote.
 */
class ValueCodecCorruptionProbeTest {

    private static final Instant T = Instant.parse("2024-03-01T00:00:00Z");

    private static byte[] value(int tag, byte... rest) {
        return ByteBuffer.allocate(9 + rest.length).putLong(1L).put((byte) tag).put(rest).array();
    }

    @Test
    void a_round_trip_of_each_new_tag_gives_the_value_back() {
        for (Object v : List.of(List.of(1L, -2L), List.of(0.5, -0.0), List.of("a", ""), List.of(true, false),
                FloatVector.of(-0.0f, Float.MIN_VALUE, Float.MAX_VALUE))) {
            assertThat(ValueCodec.decode(ValueCodec.encode(v, T)).value()).isEqualTo(v);
        }
    }

    @Test
    void a_truncated_count_fails() {
        assertThatThrownBy(() -> ValueCodec.decode(value(7, (byte) 0, (byte) 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag 7");
    }

    @Test
    void a_count_past_the_end_fails_for_every_new_tag() {
        for (int tag = 7; tag <= 11; tag++) {
            int t = tag;
            assertThatThrownBy(() -> ValueCodec.decode(value(t, (byte) 0, (byte) 0, (byte) 0, (byte) 9, (byte) 1)))
                    .as("tag %d", t).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void a_list_bool_byte_other_than_0_or_1_fails() {
        assertThatThrownBy(() -> ValueCodec.decode(value(10, (byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or 1");
    }

    @Test
    void a_scalar_bool_byte_other_than_0_or_1_fails_instead_of_reading_false() {
        assertThatThrownBy(() -> ValueCodec.decode(value(4, (byte) 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_vector_of_no_floats_fails_as_the_embedded_store_does() {
        // a vector feature has dimension >= 1; EntityValues refuses "a vector ... has no values"
        assertThatThrownBy(() -> ValueCodec.decode(value(11, (byte) 0, (byte) 0, (byte) 0, (byte) 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
