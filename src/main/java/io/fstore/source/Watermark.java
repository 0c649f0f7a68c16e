package io.fstore.source;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.fstore.normalize.Timestamps;

/**
 * A saved incremental position: the greatest incremental-column value whose rows are all stored. Kept as a type
 * name and text so it survives restarts and binds back as the same JDBC type. Temporal values are kept by their
 * field values (as {@link Timestamps} reads them) and bound back by the same fields, so the database compares the
 * date it stored, before 1582 too; a value outside 0001-01-01..9999-12-31 (PostgreSQL's 'infinity') is never a
 * watermark.
 */
public record Watermark(String column, String type, String value) {

    /** @throws IllegalArgumentException for a type that cannot be a watermark or a timestamp out of range */
    public static Watermark of(String column, Object value) {
        if (value instanceof Timestamp || value instanceof Instant) {
            return new Watermark(column, "timestamp", inRange(column, value).toString());
        }
        if (value instanceof OffsetDateTime o) {
            inRange(column, o);
            return new Watermark(column, "offset_datetime", o.toString());
        }
        if (value instanceof LocalDateTime l) {
            inRange(column, l);
            return new Watermark(column, "local_datetime", l.toString());
        }
        if (value instanceof java.sql.Date || value instanceof LocalDate) {
            return new Watermark(column, "date", LocalDate.ofInstant(inRange(column, value), ZoneOffset.UTC).toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return new Watermark(column, "long", value.toString());
        }
        if (value instanceof BigDecimal || value instanceof java.math.BigInteger) {
            return new Watermark(column, "decimal", value.toString());
        }
        if (value instanceof String s) {
            return new Watermark(column, "string", s);
        }
        throw new IllegalArgumentException("incremental column " + column + " has values of type "
                + value.getClass().getName() + "; use a timestamp, date, integer, decimal or text column");
    }

    private static Instant inRange(String column, Object value) {
        try {
            return Timestamps.toInstant(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("incremental column " + column + ": " + e.getMessage()
                    + "; it cannot be a watermark");
        }
    }

    /**
     * The value to bind as the query parameter. Timestamps and dates are built from their UTC fields (FStore's JVM
     * runs in UTC), which is what drivers send: the hybrid-calendar milliseconds of a date before 1582 would be
     * days off.
     */
    public Object jdbcValue() {
        return switch (type) {
            case "timestamp" -> Timestamp.valueOf(LocalDateTime.ofInstant(Instant.parse(value), ZoneOffset.UTC));
            case "offset_datetime" -> OffsetDateTime.parse(value);
            case "local_datetime" -> LocalDateTime.parse(value);
            case "date" -> java.sql.Date.valueOf(LocalDate.parse(value));
            case "long" -> Long.parseLong(value);
            case "decimal" -> new BigDecimal(value);
            case "string" -> value;
            default -> throw new IllegalStateException("unknown watermark type " + type);
        };
    }
}
