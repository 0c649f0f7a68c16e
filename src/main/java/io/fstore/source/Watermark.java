package io.fstore.source;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * A saved incremental position: the greatest incremental-column value whose rows are all stored. Kept as a type
 * name and text so it survives restarts and binds back as the same JDBC type.
 */
public record Watermark(String column, String type, String value) {

    public static Watermark of(String column, Object value) {
        if (value instanceof Timestamp t) {
            return new Watermark(column, "timestamp", t.toInstant().toString());
        }
        if (value instanceof Instant i) {
            return new Watermark(column, "timestamp", i.toString());
        }
        if (value instanceof OffsetDateTime o) {
            return new Watermark(column, "offset_datetime", o.toString());
        }
        if (value instanceof LocalDateTime l) {
            return new Watermark(column, "local_datetime", l.toString());
        }
        if (value instanceof java.sql.Date d) {
            return new Watermark(column, "date", d.toLocalDate().toString());
        }
        if (value instanceof LocalDate d) {
            return new Watermark(column, "date", d.toString());
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

    /** The value to bind as the query parameter. */
    public Object jdbcValue() {
        return switch (type) {
            case "timestamp" -> Timestamp.from(Instant.parse(value));
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
