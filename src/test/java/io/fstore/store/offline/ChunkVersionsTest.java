package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.junit.jupiter.api.Test;

class ChunkVersionsTest {

    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void a_chunk_without_repeated_versions_is_returned_as_is_with_its_event_micros() {
        List<FeatureRow> rows = List.of(row("a", T, 1L), row("b", T, 2L), row("a", T.plusNanos(1_000), 3L));
        long[] micros = new long[rows.size()];

        assertThat(ChunkVersions.laterRowPerVersion(rows, micros)).isSameAs(rows);
        assertThat(micros).containsExactly(Timestamps.toMicros(T), Timestamps.toMicros(T),
                Timestamps.toMicros(T) + 1);
    }

    @Test
    void the_later_row_of_each_version_is_kept_in_chunk_order_and_times_compare_at_the_stored_microsecond() {
        List<FeatureRow> rows = List.of(row("a", T, 1L), row("b", T, 2L), row("a", T.plusNanos(999), 3L),
                row("c", T, 4L), row("b", T, 5L), row("a", T, 6L));
        long[] micros = new long[rows.size()];

        List<FeatureRow> kept = ChunkVersions.laterRowPerVersion(rows, micros);

        assertThat(kept).extracting(r -> r.values()[0]).containsExactly(4L, 5L, 6L);
        assertThat(micros).startsWith(Timestamps.toMicros(T), Timestamps.toMicros(T), Timestamps.toMicros(T));
    }

    @Test
    void a_large_chunk_keeps_exactly_what_a_map_of_the_last_index_per_version_keeps() {
        Random random = new Random(42);
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(row("c" + random.nextInt(3_000), T.plusSeconds(random.nextInt(5)), (long) i));
        }
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            last.put(rows.get(i).entityId() + "/" + rows.get(i).eventTimestamp(), i);
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (last.get(rows.get(i).entityId() + "/" + rows.get(i).eventTimestamp()) == i) {
                expected.add(rows.get(i).values()[0]);
            }
        }
        long[] micros = new long[rows.size()];

        List<FeatureRow> kept = ChunkVersions.laterRowPerVersion(rows, micros);

        assertThat(kept).extracting(r -> r.values()[0]).containsExactlyElementsOf(expected);
        assertThat(expected).hasSizeLessThan(rows.size()).hasSizeGreaterThan(10_000);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(micros[i]).isEqualTo(Timestamps.toMicros(kept.get(i).eventTimestamp()));
        }
    }

    @Test
    void an_empty_chunk_keeps_nothing() {
        assertThat(ChunkVersions.laterRowPerVersion(List.of(), new long[0])).isEmpty();
    }

    @Test
    void a_change_state_key_is_the_ids_utf8_bytes_then_the_big_endian_event_micros() {
        for (String id : List.of("c000042", "", "Zoë", "客户-7", "\uD83D\uDE00x")) {
            byte[] utf8 = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] expected = java.nio.ByteBuffer.allocate(utf8.length + 8).put(utf8).putLong(-1_234_567_890_123L)
                    .array();
            assertThat(StoredVersions.key(id, -1_234_567_890_123L)).as(id).isEqualTo(expected);
        }
    }

    private static FeatureRow row(String entity, Instant event, Object value) {
        return new FeatureRow(entity, event, new Object[] {value});
    }
}
