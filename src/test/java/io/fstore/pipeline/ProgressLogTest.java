package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.source.GroupRun;
import io.fstore.source.cursor.OrderedCursor;
import org.junit.jupiter.api.Test;

class ProgressLogTest {

    private final FeatureGroup group = TestGroups.wide(Optional.of("ts"));
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-06-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final GroupRun run = new GroupRun(group, new OrderedCursor("ts", Optional.empty()), clock, "run-1",
            now.get().plusSeconds(3600));

    /** Stores a chunk of {@code rows} rows whose newest ts is {@code ts}, {@code seconds} after the previous one. */
    private Optional<String> chunk(ProgressLog log, int rows, long ts, long seconds) {
        now.set(now.get().plusSeconds(seconds));
        List<Map<String, Object>> records = java.util.stream.LongStream.range(ts - rows + 1, ts + 1)
                .mapToObj(v -> Map.<String, Object>of("ts", v)).toList();
        run.chunkStored(new NormalizedChunk(group, List.of(), List.of(), rows, run.tracker().positionOf(records)));
        return log.chunkStored(run);
    }

    @Test
    void a_line_every_n_rows_with_rows_so_far_rate_and_checkpoint() {
        ProgressLog log = new ProgressLog(1_000, Duration.ofHours(1), clock);
        assertThat(chunk(log, 600, 600, 1)).isEmpty();
        assertThat(chunk(log, 600, 1_200, 1)).contains(
                "Run of group " + group.name() + " in progress: 1,200 rows read in 2 s (600 rows/s), checkpoint {field=ts, type=long, value=1199}");
        assertThat(chunk(log, 600, 1_800, 1)).isEmpty();
        assertThat(chunk(log, 600, 2_400, 1)).isPresent();
    }

    @Test
    void a_line_every_interval_however_few_rows() {
        ProgressLog log = new ProgressLog(1_000_000, Duration.ofSeconds(30), clock);
        assertThat(chunk(log, 10, 10, 10)).isEmpty();
        assertThat(chunk(log, 10, 20, 20)).hasValueSatisfying(l -> l.contains("20 rows read in 30 s"));
        assertThat(chunk(log, 10, 30, 29)).isEmpty();
        assertThat(chunk(log, 10, 40, 1)).isPresent();
    }

    @Test
    void off_logs_nothing() {
        ProgressLog log = new ProgressLog(0, Duration.ZERO, clock);
        assertThat(chunk(log, 5_000_000, 5_000_000, 3_600)).isEmpty();
    }
}
