package io.fstore.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;

import io.fstore.model.Feature;

/**
 * Coerces a raw source value to a feature's declared type. Lossy conversions are refused (a long never silently
 * drops a fraction); the exception message says what was found and what was expected.
 */
public final class ValueCoercer {

    private ValueCoercer() {
    }

    /** @return Long, Double, String, Boolean, Instant, BigDecimal, or null for a null input */
    public static Object coerce(Feature feature, Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (feature.type()) {
            case LONG -> toLong(raw);
            case DOUBLE -> toDouble(raw);
            case STRING -> toText(raw);
            case BOOL -> toBool(raw);
            case TIMESTAMP -> Timestamps.toInstant(raw);
            case DECIMAL -> toDecimal(feature, raw);
        };
    }

    private static Long toLong(Object raw) {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        try {
            BigDecimal exact = raw instanceof String s ? new BigDecimal(s.trim()) : numberAsDecimal(raw);
            return exact.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw)
                    + " as long: it has a fraction or is out of range");
        } catch (NumberFormatException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as long");
        }
    }

    private static Double toDouble(Object raw) {
        if (raw instanceof Number n && !(raw instanceof BigDecimal) && !(raw instanceof BigInteger)) {
            return n.doubleValue();
        }
        if (raw instanceof BigDecimal || raw instanceof BigInteger) {
            return ((Number) raw).doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as double");
    }

    private static String toText(Object raw) {
        if (raw instanceof byte[]) {
            throw new IllegalArgumentException("cannot read binary data as string");
        }
        if (raw instanceof java.sql.Timestamp || raw instanceof java.time.temporal.Temporal) {
            return Timestamps.toInstant(raw).toString();
        }
        return raw.toString();
    }

    private static Boolean toBool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) && n.doubleValue() == n.longValue()) {
            return n.longValue() == 1;
        }
        if (raw instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1":
                    return true;
                case "false", "f", "no", "n", "0":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw)
                + " as bool (true/false, t/f, yes/no, 1/0)");
    }

    private static BigDecimal toDecimal(Feature feature, Object raw) {
        BigDecimal value;
        try {
            value = raw instanceof String s ? new BigDecimal(s.trim()) : numberAsDecimal(raw);
        } catch (NumberFormatException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as decimal");
        }
        BigDecimal scaled = value.scale() == feature.scale() ? value : value.setScale(feature.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > feature.precision()) {
            throw new IllegalArgumentException("'" + raw + "' does not fit decimal(" + feature.precision() + ","
                    + feature.scale() + ")");
        }
        return scaled;
    }

    private static BigDecimal numberAsDecimal(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return BigDecimal.valueOf(d);
        }
        if (raw instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new UnsupportedOperationException("not a number");
    }
}
