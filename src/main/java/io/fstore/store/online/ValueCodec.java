package io.fstore.store.online;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.fstore.normalize.Timestamps;

/**
 * Compact, self-describing bytes for one online value: event time (micros), a type tag, then the value. Keeps
 * stores free of Java serialization and round-trips every feature type, including null.
 */
public final class ValueCodec {

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte STRING = 3;
    private static final byte BOOL = 4;
    private static final byte TIMESTAMP = 5;
    private static final byte DECIMAL = 6;

    private ValueCodec() {
    }

    public static byte[] encode(Object value, Instant eventTimestamp) {
        long ts = Timestamps.toMicros(eventTimestamp);
        if (value == null) {
            return ByteBuffer.allocate(9).putLong(ts).put(NULL).array();
        }
        if (value instanceof Long l) {
            return ByteBuffer.allocate(17).putLong(ts).put(LONG).putLong(l).array();
        }
        if (value instanceof Double d) {
            return ByteBuffer.allocate(17).putLong(ts).put(DOUBLE).putDouble(d).array();
        }
        if (value instanceof Boolean b) {
            return ByteBuffer.allocate(10).putLong(ts).put(BOOL).put((byte) (b ? 1 : 0)).array();
        }
        if (value instanceof Instant i) {
            return ByteBuffer.allocate(17).putLong(ts).put(TIMESTAMP).putLong(Timestamps.toMicros(i)).array();
        }
        if (value instanceof BigDecimal d) {
            byte[] unscaled = d.unscaledValue().toByteArray();
            return ByteBuffer.allocate(13 + unscaled.length).putLong(ts).put(DECIMAL).putInt(d.scale()).put(unscaled)
                    .array();
        }
        if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(9 + utf8.length).putLong(ts).put(STRING).put(utf8).array();
        }
        throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " online");
    }

    /** The event time alone, without decoding the value: what the newest-wins check needs. */
    public static long eventMicros(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong(0);
    }

    public static StoredValue decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Instant ts = Timestamps.fromMicros(buf.getLong());
        byte tag = buf.get();
        Object value = switch (tag) {
            case NULL -> null;
            case LONG -> buf.getLong();
            case DOUBLE -> buf.getDouble();
            case BOOL -> buf.get() == 1;
            case TIMESTAMP -> Timestamps.fromMicros(buf.getLong());
            case DECIMAL -> {
                int scale = buf.getInt();
                byte[] unscaled = new byte[buf.remaining()];
                buf.get(unscaled);
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case STRING -> {
                byte[] utf8 = new byte[buf.remaining()];
                buf.get(utf8);
                yield new String(utf8, StandardCharsets.UTF_8);
            }
            default -> throw new IllegalStateException("unknown value tag " + tag);
        };
        return new StoredValue(value, ts);
    }
}
