package io.fstore.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;

import io.fstore.model.Feature;

/**
 * Coerces a raw source value to a feature's declared type. Lossy conversions are refused (a long never silently
 * drops a fraction, a decimal is never rounded, a double is never NaN or infinite); the exception message says what
 * was found and what was expected.
 */
public final class ValueCoercer {

    private ValueCoercer() {
    }

    /** @return the Java value of the feature's type (see {@link io.fstore.model.ValueType}), or null for a null input */
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
            case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL -> ArrayCoercer.toList(feature, raw);
            case VECTOR -> ArrayCoercer.toVector(feature, raw);
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

    /** NaN and ±Infinity (also as text, or a number too large for a double) are refused: JSON has no such numbers. */
    private static Double toDouble(Object raw) {
        double d;
        if (raw instanceof Double boxed) {
            d = boxed;
        } else if (raw instanceof Number n) {
            d = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as double");
            }
        } else {
            throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as double");
        }
        if (!Double.isFinite(d)) {
            throw notFinite(raw);
        }
        return raw instanceof Double boxed ? boxed : d;
    }

    private static IllegalArgumentException notFinite(Object raw) {
        return new IllegalArgumentException(Timestamps.describe(raw)
                + " is not a finite number (NaN and ±Infinity are quarantined)");
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

    /**
     * The value at the feature's scale, exactly: trailing zeros may be added or dropped, but a value with more
     * fractional digits than the scale, or more integer digits than precision - scale, is refused (never rounded).
     */
    private static BigDecimal toDecimal(Feature feature, Object raw) {
        BigDecimal value;
        try {
            value = raw instanceof String s ? new BigDecimal(s.trim()) : numberAsDecimal(raw);
        } catch (NumberFormatException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as decimal");
        }
        int scale = feature.scale();
        if (value.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        if ((long) value.precision() - value.scale() > feature.precision() - scale) {
            throw doesNotFit(feature, raw, "more than " + (feature.precision() - scale)
                    + " digits before the decimal point");
        }
        if (value.scale() == scale) {
            return value;
        }
        // dropping more digits than the value has would leave a fraction: no need to try (nor to build 10^huge)
        if ((long) value.scale() - scale > value.precision()) {
            throw tooFine(feature, raw);
        }
        try {
            return value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw tooFine(feature, raw);
        }
    }

    private static IllegalArgumentException tooFine(Feature feature, Object raw) {
        return doesNotFit(feature, raw, "more than " + feature.scale() + " digits after the decimal point "
                + "(values are never rounded)");
    }

    private static IllegalArgumentException doesNotFit(Feature feature, Object raw, String why) {
        return new IllegalArgumentException("'" + raw + "' does not fit decimal(" + feature.precision() + ","
                + feature.scale() + "): " + why);
    }

    /** A number as the decimal it reads as: a double or float by its shortest decimal text (0.1 is 0.1). */
    private static BigDecimal numberAsDecimal(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (!Double.isFinite(d)) {
                throw notFinite(raw);
            }
            return raw instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
        }
        if (raw instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new UnsupportedOperationException("not a number");
    }
}
