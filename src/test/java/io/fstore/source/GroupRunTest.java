package io.fstore.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;
import org.junit.jupiter.api.Test;

class GroupRunTest {

    private final FeatureGroup group = TestGroups.wide(Optional.of("ts"));
    private final Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private NormalizedChunk chunk(int rows, Comparable last, Comparable belowLast) {
        return new NormalizedChunk(group, List.of(), List.of(), rows, last, belowLast);
    }

    @Test
    void mid_run_the_watermark_stops_below_the_newest_value_which_may_continue_in_the_next_chunk() {
        GroupRun run = new GroupRun(group, Optional.empty(), clock);

        assertThat(run.chunkStored(chunk(3, 30L, 20L))).contains(new Watermark("ts", "long", "20"));
        assertThat(run.chunkStored(chunk(3, 30L, null))).as("all rows equal the last value: no move").isEmpty();
        assertThat(run.chunkStored(chunk(3, 40L, null))).as("the previous last value is now complete")
                .contains(new Watermark("ts", "long", "30"));
    }

    @Test
    void at_the_end_of_a_run_the_watermark_moves_to_the_newest_value_and_counts_add_up() {
        GroupRun run = new GroupRun(group, Optional.empty(), clock);
        run.chunkStored(new NormalizedChunk(group, List.of(), List.of(), 5, cmp(50L), cmp(40L)));

        RunSummary summary = run.finish();

        assertThat(summary.status()).isEqualTo("succeeded");
        assertThat(summary.watermark()).isEqualTo(new Watermark("ts", "long", "50"));
        assertThat(summary.rowsRead()).isEqualTo(5);
        assertThat(summary.chunks()).isEqualTo(1);
    }

    @Test
    void a_run_that_reads_nothing_keeps_the_saved_watermark() {
        Watermark saved = new Watermark("ts", "long", "7");
        GroupRun run = new GroupRun(group, Optional.of(saved), clock);

        assertThat(run.finish().watermark()).isEqualTo(saved);
    }

    @Test
    void timestamp_watermarks_round_trip_as_the_same_jdbc_type() {
        Timestamp ts = Timestamp.from(Instant.parse("2024-03-01T10:00:00.123456Z"));
        Watermark w = Watermark.of("ts", ts);

        assertThat(w).isEqualTo(new Watermark("ts", "timestamp", "2024-03-01T10:00:00.123456Z"));
        assertThat(w.jdbcValue()).isEqualTo(ts);
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> cmp(Object o) {
        return (Comparable<Object>) o;
    }
}
