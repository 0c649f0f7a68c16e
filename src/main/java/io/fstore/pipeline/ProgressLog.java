package io.fstore.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.source.Checkpoint;
import io.fstore.source.GroupRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress lines of long runs: once a run has read {@code everyRows} more rows or {@code every} more time has passed
 * since its last line (or its start), one INFO line with the rows so far, the rate and the checkpoint. Short runs log
 * nothing here: their end-of-run summary line is enough.
 */
public final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private record Mark(Instant at, long rows) {
    }

    private final long everyRows;
    private final Duration every;
    private final Clock clock;
    private final Map<GroupRun, Mark> marks = new ConcurrentHashMap<>();

    /** @param everyRows rows between two lines (0: never by rows); @param every time between two lines (0: never by time) */
    public ProgressLog(long everyRows, Duration every, Clock clock) {
        this.everyRows = everyRows;
        this.every = every;
        this.clock = clock;
    }

    /** Logs nothing, ever (unit tests of the steps). */
    public static ProgressLog off() {
        return new ProgressLog(0, Duration.ZERO, Clock.systemUTC());
    }

    /** A chunk of {@code run} is in every sink; returns the line it logged, if one was due. */
    public java.util.Optional<String> chunkStored(GroupRun run) {
        if (everyRows <= 0 && every.isZero()) {
            return java.util.Optional.empty();
        }
        Instant now = clock.instant();
        long rows = run.rowsRead();
        Mark last = marks.computeIfAbsent(run, r -> new Mark(r.startedAt(), 0));
        boolean dueByRows = everyRows > 0 && rows - last.rows() >= everyRows;
        boolean dueByTime = !every.isZero() && Duration.between(last.at(), now).compareTo(every) >= 0;
        if (!dueByRows && !dueByTime) {
            return java.util.Optional.empty();
        }
        marks.put(run, new Mark(now, rows));
        double seconds = Math.max(Duration.between(run.startedAt(), now).toMillis(), 1) / 1000.0;
        String line = String.format(java.util.Locale.ROOT,
                "Run of group %s in progress: %,d rows read in %.0f s (%,.0f rows/s), checkpoint %s",
                run.group().name(), rows, seconds, rows / seconds,
                run.checkpoint().map(Checkpoint::toString).orElse("-"));
        LOG.info(line);
        return java.util.Optional.of(line);
    }

    /** The run ended: forget it. */
    public void runEnded(GroupRun run) {
        marks.remove(run);
    }
}
