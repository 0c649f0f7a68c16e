package io.fstore.model;

import java.time.Instant;
import java.util.Locale;

/** The unit of an event time given as a number since 1970-01-01T00:00:00Z. */
public enum TimestampUnit {
    SECONDS, MILLIS, MICROS;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A fractional amount (a double written by JavaScript, say), to the microsecond. */
    public Instant toInstant(java.math.BigDecimal amount) {
        java.math.BigDecimal perMicro = switch (this) {
            case SECONDS -> java.math.BigDecimal.valueOf(1_000_000L);
            case MILLIS -> java.math.BigDecimal.valueOf(1_000L);
            case MICROS -> java.math.BigDecimal.ONE;
        };
        long micros = amount.multiply(perMicro).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        return MICROS.toInstant(micros);
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
