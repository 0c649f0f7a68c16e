package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class IngestionClockTest {

    @Test
    void ingestion_times_are_microseconds_and_strictly_increase_even_when_the_clock_stands_still() {
        Instant now = Instant.parse("2024-01-01T00:00:00.123456789Z");
        IngestionClock clock = new IngestionClock(Clock.fixed(now, ZoneOffset.UTC));

        assertThat(clock.next()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
        assertThat(clock.next()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123457Z"));
        assertThat(clock.next()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123458Z"));
    }
}
