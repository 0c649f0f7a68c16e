package io.fstore.source.cursor;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import io.fstore.normalize.Timestamps;
import io.fstore.source.Checkpoint;

/**
 * The position of an ordered cursor (the checkpoint of jdbc and mongodb sources): the greatest incremental-field
 * value whose records are all stored. Kept as a type name and text so it survives restarts and binds back as the
 * same type. Temporal values are kept by their
 * field values (as {@link Timestamps} reads them) and bound back by the same fields, so the database compares the
 * date it stored, before 1582 too; a value outside 0001-01-01..9999-12-31 (PostgreSQL's 'infinity') is never a
 * checkpoint.
 */
public record CursorValue(String column, String type, String value) {

    /** As a checkpoint: {@code field}, {@code type}, {@code value}. */
    public Checkpoint toCheckpoint() {
        return new Checkpoint(Map.of("field", column, "type", type, "value", value));
    }

    /**
     * The cursor value a checkpoint holds, when it is one of {@code column} (a checkpoint of another field, after the
     * definition changed, is not). Reads checkpoints saved before 0.2 ({@code column} instead of {@code field}).
     */
    public static Optional<CursorValue> from(Optional<Checkpoint> checkpoint, String column) {
        return checkpoint.flatMap(c -> {
            String field = c.get("field") != null ? c.get("field") : c.get("column");
            if (!column.equals(field) || c.get("type") == null || c.get("value") == null) {
                return Optional.empty();
            }
            return Optional.of(new CursorValue(field, c.get("type"), c.get("value")));
        });
    }

    /** @throws IllegalArgumentException for a type that cannot be a checkpoint or a timestamp out of range */
    public static CursorValue of(String column, Object value) {
        if (value instanceof Timestamp || value instanceof Instant) {
            return new CursorValue(column, "timestamp", inRange(column, value).toString());
        }
        if (value instanceof OffsetDateTime o) {
            inRange(column, o);
            return new CursorValue(column, "offset_datetime", o.toString());
        }
        if (value instanceof LocalDateTime l) {
            inRange(column, l);
            return new CursorValue(column, "local_datetime", l.toString());
        }
        if (value instanceof java.sql.Date || value instanceof LocalDate) {
            return new CursorValue(column, "date", LocalDate.ofInstant(inRange(column, value), ZoneOffset.UTC).toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return new CursorValue(column, "long", value.toString());
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return new CursorValue(column, "double", Double.toString(d));
        }
        if (value instanceof BigDecimal || value instanceof java.math.BigInteger) {
            return new CursorValue(column, "decimal", value.toString());
        }
        if (value instanceof String s) {
            return new CursorValue(column, "string", s);
        }
        if (value.getClass().getName().equals("org.bson.types.ObjectId")) { // MongoDB's _id: kept as its hex text
            return new CursorValue(column, "objectid", value.toString());
        }
        throw new IllegalArgumentException("incremental column " + column + " has values of type "
                + value.getClass().getName() + "; use a timestamp, date, integer, decimal, double or text column");
    }

    private static Instant inRange(String column, Object value) {
        try {
            return Timestamps.toInstant(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("incremental column " + column + ": " + e.getMessage()
                    + "; it cannot be a checkpoint");
        }
    }

    /**
     * The value as a Java object: Instant, OffsetDateTime, LocalDateTime, LocalDate, Long, Double, BigDecimal or String
     * (an {@code objectid} as its hex text: the mongodb kind binds it back as an ObjectId).
     */
    public Object typedValue() {
        return switch (type) {
            case "timestamp" -> Instant.parse(value);
            case "offset_datetime" -> OffsetDateTime.parse(value);
            case "local_datetime" -> LocalDateTime.parse(value);
            case "date" -> LocalDate.parse(value);
            case "long" -> Long.parseLong(value);
            case "double" -> Double.parseDouble(value);
            case "decimal" -> new BigDecimal(value);
            case "string", "objectid" -> value;
            default -> throw new IllegalStateException("unknown checkpoint type " + type);
        };
    }

    /**
     * The moment the value stands for, when it is a time: timestamps and dates (naive ones in UTC, as FStore reads
     * them) and a MongoDB ObjectId (its first four bytes are its creation second). Empty for numbers and strings.
     */
    public Optional<Instant> instant() {
        return switch (type) {
            case "timestamp" -> Optional.of(Instant.parse(value));
            case "offset_datetime" -> Optional.of(OffsetDateTime.parse(value).toInstant());
            case "local_datetime" -> Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            case "date" -> Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            case "objectid" -> value.length() >= 8
                    ? Optional.of(Instant.ofEpochSecond(Long.parseLong(value.substring(0, 8), 16)))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * The value to bind as a JDBC query parameter. Timestamps and dates are built from their UTC fields (FStore's JVM
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
            case "double" -> Double.parseDouble(value);
            case "decimal" -> new BigDecimal(value);
            case "string" -> value;
            default -> throw new IllegalStateException("unknown checkpoint type " + type);
        };
    }
}
