package io.fstore.probe9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.source.Checkpoint;
import io.fstore.source.cursor.CursorValue;
import io.fstore.source.cursor.OrderedCursor;
import org.junit.jupiter.api.Test;

/**
 * Review #9: the ordered cursor with the values a MongoDB incremental field really holds. In MongoDB one field often
 * holds Int32 in some documents and Int64 in others (drivers pick the smallest), and doubles (the shell's numbers).
 */
class OrderedCursorProbeTest {

    private static Map<String, Object> rec(Object v) {
        return Map.of("seq", v);
    }

    @Test
    void int32_and_int64_values_of_one_field_in_one_chunk() {
        OrderedCursor cursor = new OrderedCursor("seq", Optional.empty());
        assertThatCode(() -> cursor.positionOf(List.of(rec(1), rec(2), rec(3_000_000_000L))))
                .doesNotThrowAnyException();
    }

    @Test
    void int32_then_int64_values_across_two_chunks() {
        OrderedCursor cursor = new OrderedCursor("seq", Optional.empty());
        Object first = cursor.positionOf(List.of(rec(1), rec(2)));
        cursor.chunkStored(first);
        Object second = cursor.positionOf(List.of(rec(3_000_000_000L), rec(3_000_000_001L)));
        assertThatCode(() -> cursor.chunkStored(second)).doesNotThrowAnyException();
        assertThat(cursor.endOfInput()).map(c -> c.get("value")).contains("3000000001");
    }

    @Test
    void a_double_field_can_be_a_checkpoint() {
        OrderedCursor cursor = new OrderedCursor("seq", Optional.empty());
        Object p = cursor.positionOf(List.of(rec(1.0), rec(2.5)));
        cursor.chunkStored(p);
        Optional<Checkpoint> end = assertThatCodeReturns(cursor);
        assertThat(end).map(c -> c.get("value")).contains("2.5");
    }

    private static Optional<Checkpoint> assertThatCodeReturns(OrderedCursor cursor) {
        Optional<Checkpoint>[] out = new Optional[1];
        assertThatCode(() -> out[0] = cursor.endOfInput()).doesNotThrowAnyException();
        return out[0];
    }

    @Test
    void a_checkpoint_of_fstore_0_1_with_column_is_read() {
        Checkpoint old = new Checkpoint(Map.of("column", "ts", "type", "timestamp", "value",
                "2024-03-01T08:00:00Z"));
        assertThat(CursorValue.from(Optional.of(old), "ts")).map(CursorValue::value).contains("2024-03-01T08:00:00Z");
        assertThat(new OrderedCursor("ts", Optional.of(old)).current()).map(c -> c.get("field")).contains("ts");
    }
}
