package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.source.Checkpoint;
import org.junit.jupiter.api.Test;

/** Rows out of checkpoint order: the checkpoint moves only when the whole result is read, to its greatest value. */
class RunEndCursorTest {

    private static Map<String, Object> at(String ts) {
        return Map.of("ts", Instant.parse(ts));
    }

    @Test
    void stored_chunks_do_not_move_it_the_end_of_input_moves_it_to_the_greatest_value() {
        RunEndCursor cursor = new RunEndCursor("ts", Optional.empty());

        Object first = cursor.positionOf(List.of(at("2024-03-05T00:00:00Z"), at("2024-03-01T00:00:00Z")));
        Object second = cursor.positionOf(List.of(at("2024-03-02T00:00:00Z")));

        assertThat(cursor.chunkStored(first)).isEmpty();
        assertThat(cursor.chunkStored(second)).isEmpty();
        assertThat(cursor.current()).isEmpty();
        Checkpoint end = cursor.endOfInput().orElseThrow();
        assertThat(end.get("value")).isEqualTo("2024-03-05T00:00:00Z");
        assertThat(end.get("type")).isEqualTo("timestamp");
        assertThat(cursor.current()).contains(end);
        assertThat(cursor.currentTime()).contains(Instant.parse("2024-03-05T00:00:00Z"));
    }

    @Test
    void a_run_that_fails_part_way_keeps_the_start_checkpoint() {
        Checkpoint start = new Checkpoint(Map.of("field", "n", "type", "long", "value", "10"));
        RunEndCursor cursor = new RunEndCursor("n", Optional.of(start));

        assertThat(cursor.chunkStored(cursor.positionOf(List.of(Map.of("n", 50L))))).isEmpty();

        assertThat(cursor.current()).contains(start);
    }

    @Test
    void nothing_read_nothing_moved() {
        RunEndCursor cursor = new RunEndCursor("n", Optional.empty());

        assertThat(cursor.positionOf(List.of(Map.of("other", 1L)))).isNull();
        assertThat(cursor.endOfInput()).isEmpty();
    }
}
