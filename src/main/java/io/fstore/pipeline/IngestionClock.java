package io.fstore.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Hands out the ingestion time ({@code created_timestamp}) of each chunk: the wall clock truncated to microseconds,
 * strictly increasing within the process, so "later ingestion wins" always has one answer even when two chunks land
 * in the same microsecond.
 */
public final class IngestionClock {

    private final Clock clock;
    private Instant last = Instant.MIN;

    public IngestionClock(Clock clock) {
        this.clock = clock;
    }

    public synchronized Instant next() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
        return last;
    }
}
