package io.fstore.normalize;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Date;

/**
 * Turns what JDBC drivers and files hand us into a UTC {@link Instant}. Values without a zone (SQL
 * {@code timestamp}, {@code LocalDateTime}, zone-less strings) are read as UTC; FStore runs its JVM in UTC so that
 * {@code java.sql.Timestamp} round-trips the stored wall-clock time.
 */
public final class Timestamps {

    /** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138). */
    private static final long SECONDS_LIMIT = 100_000_000_000L;
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private Timestamps() {
    }

    /** @throws IllegalArgumentException naming the value when it is not a point in time */
    public static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Long || value instanceof Integer) {
            long n = ((Number) value).longValue();
            return Math.abs(n) < SECONDS_LIMIT ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
        }
        if (value instanceof String s) {
            return parse(s.trim());
        }
        throw new IllegalArgumentException("cannot read " + describe(value) + " as a timestamp");
    }

    private static Instant parse(String s) {
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("cannot read '" + s + "' as a timestamp (ISO-8601 expected, "
                            + "e.g. 2024-03-01T12:00:00Z)");
                }
            }
        }
    }

    /** Microseconds since the epoch, the unit of Parquet's timestamp-micros. */
    public static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getLong(ChronoField.MICRO_OF_SECOND));
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    static String describe(Object value) {
        return "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
