package io.fstore.source.cassandra;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * Converts the value of a bind marker (a YAML scalar of {@code source.bind}, or the checkpoint) to the Java value the
 * driver encodes for the marker's CQL type, which only the prepared statement knows: {@code 7} binds to an int, a
 * bigint, a varint or a decimal column alike, {@code "2024-03-01"} to a date, text binds to a uuid. Scalar CQL types
 * only; a value that does not fit (a fraction for an int, text that is no UUID) fails with what it is and what fits.
 */
public final class BindValues {

    private BindValues() {
    }

    /** A value to bind to a marker whose CQL type decides its Java type (see {@link BindCodecs}). */
    public record Bind(Object value) {
    }

    /** @throws IllegalArgumentException when the value cannot be bound to {@code type} */
    public static Object convert(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        try {
            Object converted = convertOrNull(value, type);
            if (converted != null) {
                return converted;
            }
        } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException e) {
            throw cannot(value, type, e.getMessage());
        }
        throw cannot(value, type, null);
    }

    private static Object convertOrNull(Object v, DataType type) {
        if (type.equals(DataTypes.TEXT) || type.equals(DataTypes.ASCII)) {
            return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : null;
        }
        if (type.equals(DataTypes.BOOLEAN)) {
            if (v instanceof Boolean b) {
                return b;
            }
            return v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                    ? Boolean.valueOf(s) : null;
        }
        if (type.equals(DataTypes.INT)) {
            return integral(v).intValueExact();
        }
        if (type.equals(DataTypes.BIGINT) || type.equals(DataTypes.COUNTER)) {
            return integral(v).longValueExact();
        }
        if (type.equals(DataTypes.SMALLINT)) {
            return integral(v).shortValueExact();
        }
        if (type.equals(DataTypes.TINYINT)) {
            return integral(v).byteValueExact();
        }
        if (type.equals(DataTypes.VARINT)) {
            return integral(v);
        }
        if (type.equals(DataTypes.DECIMAL)) {
            return decimal(v);
        }
        if (type.equals(DataTypes.DOUBLE)) {
            return v instanceof Number || v instanceof String ? decimal(v).doubleValue() : null;
        }
        if (type.equals(DataTypes.FLOAT)) {
            return v instanceof Number || v instanceof String ? decimal(v).floatValue() : null;
        }
        if (type.equals(DataTypes.UUID) || type.equals(DataTypes.TIMEUUID)) {
            return v instanceof UUID ? v : v instanceof String s ? UUID.fromString(s.strip()) : null;
        }
        if (type.equals(DataTypes.TIMESTAMP)) {
            return instant(v);
        }
        if (type.equals(DataTypes.DATE)) {
            if (v instanceof LocalDate d) {
                return d;
            }
            if (v instanceof Instant i) {
                return LocalDate.ofInstant(i, ZoneOffset.UTC);
            }
            return v instanceof String s ? LocalDate.parse(s.strip()) : null;
        }
        if (type.equals(DataTypes.TIME)) {
            return v instanceof LocalTime t ? t : v instanceof String s ? LocalTime.parse(s.strip()) : null;
        }
        if (type.equals(DataTypes.INET)) {
            return v instanceof String s && s.strip().matches("[0-9a-fA-F.:]+") ? inet(s.strip()) : null;
        }
        if (type.equals(DataTypes.BLOB)) {
            if (v instanceof byte[] bytes) {
                return ByteBuffer.wrap(bytes);
            }
            return v instanceof String s && s.matches("0[xX]([0-9a-fA-F]{2})*") ? ByteBuffer.wrap(
                    java.util.HexFormat.of().parseHex(s.substring(2))) : null;
        }
        return null;
    }

    private static BigInteger integral(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof Number || v instanceof String) {
            return decimal(v).toBigIntegerExact();
        }
        throw new NumberFormatException("not a number");
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Double || v instanceof Float) {
            return new BigDecimal(v.toString());
        }
        if (v instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (v instanceof String s) {
            return new BigDecimal(s.strip());
        }
        throw new NumberFormatException("not a number");
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (v instanceof Long || v instanceof Integer) {
            return Instant.ofEpochMilli(((Number) v).longValue()); // CQL's own reading of a number as a timestamp
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
        }
        return null;
    }

    private static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal); // an IP literal: no name lookup
        } catch (UnknownHostException e) {
            throw new NumberFormatException(e.getMessage());
        }
    }

    private static IllegalArgumentException cannot(Object value, DataType type, String why) {
        String shown = value instanceof String s ? "'" + s + "'" : value instanceof byte[] b
                ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
        return new IllegalArgumentException("cannot bind " + value.getClass().getSimpleName() + " " + shown
                + " to a marker of CQL type " + type.asCql(false, true)
                + (why == null || why.isBlank() ? "" : " (" + why + ")"));
    }
}
