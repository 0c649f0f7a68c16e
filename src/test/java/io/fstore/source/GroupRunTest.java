package io.fstore.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.source.cursor.CursorValue;
import io.fstore.source.cursor.OrderedCursor;
import org.junit.jupiter.api.Test;

class GroupRunTest {

    private final FeatureGroup group = TestGroups.wide(Optional.of("ts"));
    private final Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    private GroupRun run(Optional<Checkpoint> start) {
        return new GroupRun(group, new OrderedCursor("ts", start), clock, "run-1", clock.instant().plusSeconds(60));
    }

    private NormalizedChunk chunk(GroupRun run, Object... values) {
        List<Map<String, Object>> records = java.util.Arrays.stream(values).map(v -> Map.<String, Object>of("ts", v))
                .toList();
        return new NormalizedChunk(group, List.of(), List.of(), records.size(), run.tracker().positionOf(records));
    }

    private static Checkpoint at(long value) {
        return new CursorValue("ts", "long", String.valueOf(value)).toCheckpoint();
    }

    @Test
    void mid_run_the_checkpoint_stops_below_the_newest_value_which_may_continue_in_the_next_chunk() {
        GroupRun run = run(Optional.empty());

        assertThat(run.chunkStored(chunk(run, 10L, 20L, 30L))).contains(at(20));
        assertThat(run.chunkStored(chunk(run, 30L, 30L, 30L))).as("all rows equal the last value: no move").isEmpty();
        assertThat(run.chunkStored(chunk(run, 40L, 40L, 40L))).as("the previous last value is now complete")
                .contains(at(30));
    }

    @Test
    void at_the_end_of_a_run_the_checkpoint_moves_to_the_newest_value_and_counts_add_up() {
        GroupRun run = run(Optional.empty());
        run.chunkStored(chunk(run, 10L, 20L, 30L, 40L, 50L));

        RunSummary summary = run.finish();

        assertThat(summary.status()).isEqualTo("succeeded");
        assertThat(summary.checkpoint()).isEqualTo(at(50));
        assertThat(summary.rowsRead()).isEqualTo(5);
        assertThat(summary.chunks()).isEqualTo(1);
    }

    @Test
    void a_run_that_reads_nothing_keeps_the_saved_checkpoint() {
        GroupRun run = run(Optional.of(at(7)));

        assertThat(run.finish().checkpoint()).isEqualTo(at(7));
    }

    @Test
    void a_checkpoint_of_another_field_is_not_resumed_from() {
        Checkpoint other = new CursorValue("updated_at", "long", "7").toCheckpoint();

        assertThat(run(Optional.of(other)).finish().checkpoint()).isNull();
    }

    @Test
    void a_checkpoint_saved_before_0_2_with_column_instead_of_field_is_resumed_from() {
        Checkpoint legacy = new Checkpoint(Map.of("column", "ts", "type", "long", "value", "7"));

        assertThat(run(Optional.of(legacy)).finish().checkpoint()).isEqualTo(at(7));
    }

    @Test
    void a_failed_run_keeps_the_checkpoint_of_its_last_stored_chunk() {
        GroupRun run = run(Optional.empty());
        run.chunkStored(chunk(run, 1L, 2L, 3L));

        RunSummary failed = run.failed("IOException: gone");

        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.checkpoint()).isEqualTo(at(2));
        assertThat(failed.error()).isEqualTo("IOException: gone");
    }

    @Test
    void timestamp_checkpoints_round_trip_as_the_same_jdbc_type() {
        Timestamp ts = Timestamp.from(Instant.parse("2024-03-01T10:00:00.123456Z"));
        CursorValue w = CursorValue.of("ts", ts);

        assertThat(w).isEqualTo(new CursorValue("ts", "timestamp", "2024-03-01T10:00:00.123456Z"));
        assertThat(w.jdbcValue()).isEqualTo(ts);
        assertThat(CursorValue.from(Optional.of(w.toCheckpoint()), "ts")).contains(w);
    }
}
