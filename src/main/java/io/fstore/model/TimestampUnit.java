package io.fstore.model;

import java.time.Instant;
import java.util.Locale;

/** The unit of an event time given as a number since 1970-01-01T00:00:00Z. */
public enum TimestampUnit {
    SECONDS, MILLIS, MICROS;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Instant toInstant(long amount) {
        return switch (this) {
            case SECONDS -> Instant.ofEpochSecond(amount);
            case MILLIS -> Instant.ofEpochMilli(amount);
            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(amount, 1_000_000L),
                    Math.floorMod(amount, 1_000_000L) * 1_000L);
        };
    }
}
