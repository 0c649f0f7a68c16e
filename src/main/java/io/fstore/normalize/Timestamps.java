package io.fstore.normalize;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Date;

/**
 * Turns what JDBC drivers and files hand us into a UTC {@link Instant} between {@link #MIN} and {@link #MAX}, the
 * range Parquet timestamp-micros readers and every online store hold; anything outside (PostgreSQL's
 * {@code 'infinity'} included) is refused with the reason. Values without a zone (SQL {@code timestamp},
 * {@code LocalDateTime}, zone-less strings) are read as UTC.
 *
 * <p>{@code java.sql.Timestamp} and {@code java.sql.Date} are read by their field values (year, month, day, time),
 * never by their epoch milliseconds: drivers build them from the database's fields through the Julian-Gregorian
 * hybrid calendar, so before 1582-10-15 the milliseconds are days away from the proleptic Gregorian date the
 * database (and {@code java.time}) means. FStore runs its JVM in UTC, so those fields are the UTC wall-clock time.
 */
public final class Timestamps {

    /** The earliest point in time FStore stores. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest point in time FStore stores (timestamps are kept to the microsecond). */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** The milliseconds pgjdbc gives 'infinity' / '-infinity' ({@code org.postgresql.PGStatement}). */
    static final long PG_POSITIVE_INFINITY = 9223372036825200000L;
    static final long PG_NEGATIVE_INFINITY = -9223372036832400000L;
    /** Epoch milliseconds of 1583-01-01 and 9999-01-01: a Timestamp between them is in range whatever its fields. */
    private static final long SURELY_IN_RANGE_FROM = -12212553600000L;
    private static final long SURELY_IN_RANGE_TO = 253370764800000L;

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

    /**
     * @throws IllegalArgumentException naming the value when it is not a point in time or lies outside
     *                                  {@link #MIN}..{@link #MAX}
     */
    public static Instant toInstant(Object value) {
        return toInstant(value, null);
    }

    /**
     * As {@link #toInstant(Object)}, reading numbers (whole or fractional) in {@code unit} (a group's
     * {@code timestamp_unit}); without a unit, whole numbers below 1e11 are seconds and others milliseconds.
     */
    public static Instant toInstant(Object value, io.fstore.model.TimestampUnit unit) {
        Instant instant;
        try {
            if (unit != null && (value instanceof Long || value instanceof Integer)) {
                instant = unit.toInstant(((Number) value).longValue());
            } else if (unit != null && (value instanceof Double || value instanceof Float
                    || value instanceof java.math.BigDecimal)) {
                if (!(value instanceof java.math.BigDecimal) && !Double.isFinite(((Number) value).doubleValue())) {
                    throw new IllegalArgumentException(describe(value) + " is not a point in time");
                }
                java.math.BigDecimal amount = value instanceof java.math.BigDecimal b ? b
                        : new java.math.BigDecimal(value.toString());
                instant = unit.toInstant(amount);
            } else {
                instant = read(value);
            }
        } catch (DateTimeException | ArithmeticException beyondInstant) {
            throw outside(String.valueOf(value));
        }
        if (instant.compareTo(MIN) < 0 || instant.compareTo(MAX) > 0) {
            throw outside(outOfRangeText(value, instant));
        }
        return instant;
    }

    private static IllegalArgumentException outside(String text) {
        return new IllegalArgumentException("'" + text + "' is outside the supported range " + MIN + ".." + MAX);
    }

    /**
     * True for a point in time FStore cannot store ({@link #toInstant} would refuse it for its range); false for
     * points in time in range and for values that are no point in time at all (numbers, text). Cheap for the usual
     * {@code java.sql.Timestamp}.
     */
    public static boolean outOfRange(Object value) {
        if (value instanceof java.sql.Timestamp t && t.getTime() > SURELY_IN_RANGE_FROM
                && t.getTime() < SURELY_IN_RANGE_TO) {
            return false;
        }
        if (!isPointInTime(value)) {
            return false;
        }
        try {
            Instant instant = read(value);
            return instant.compareTo(MIN) < 0 || instant.compareTo(MAX) > 0;
        } catch (DateTimeException beyondInstant) {
            return true;
        }
    }

    private static boolean isPointInTime(Object value) {
        return value instanceof Date && !(value instanceof java.sql.Time) || value instanceof Instant
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof LocalDateTime
                || value instanceof LocalDate;
    }

    private static String outOfRangeText(Object value, Instant instant) {
        if (value instanceof Date d && d.getTime() == PG_POSITIVE_INFINITY) {
            return "infinity";
        }
        if (value instanceof Date d && d.getTime() == PG_NEGATIVE_INFINITY) {
            return "-infinity";
        }
        return instant.toString();
    }

    private static Instant read(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Time) {
            throw new IllegalArgumentException("cannot read " + describe(value) + " as a timestamp: it is a time of "
                    + "day without a date");
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
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    static String describe(Object value) {
        return "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
