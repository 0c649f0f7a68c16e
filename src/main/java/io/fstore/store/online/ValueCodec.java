package io.fstore.store.online;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.fstore.model.FloatVector;
import io.fstore.normalize.Timestamps;

/**
 * Compact, self-describing bytes for one online value: event time (micros), a type tag, then the value. Keeps
 * stores free of Java serialization and round-trips every feature type, including null.
 * <pre>
 * [event micros i64][tag u8][value]
 *   0 null: nothing; 1 long, 2 double (raw bits), 5 timestamp (micros): i64; 4 bool: u8 0 or 1;
 *   3 string: the UTF-8 to the end; 6 decimal: [scale i32][unscaled two's complement to the end]
 *   7 list&lt;long&gt;, 8 list&lt;double&gt; (raw bits): [count i32][i64 each]; 9 list&lt;string&gt;: [count i32]([length i32][UTF-8])*;
 *   10 list&lt;bool&gt;: [count i32][u8 0 or 1 each]; 11 vector: [count i32][the float's raw bits, i32 each]
 * </pre>
 * Tags 7 to 11 came with the list and vector types; values written before read as they did. An empty list has no
 * element type: it is written as an empty list&lt;long&gt; and reads back as an empty list. {@link #decode} checks the
 * structure (every length within the value, the value ending where its last element does), so a value cut short or
 * in another format fails instead of answering values never written.
 */
public final class ValueCodec {

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte STRING = 3;
    private static final byte BOOL = 4;
    private static final byte TIMESTAMP = 5;
    private static final byte DECIMAL = 6;
    private static final byte LIST_LONG = 7;
    private static final byte LIST_DOUBLE = 8;
    private static final byte LIST_STRING = 9;
    private static final byte LIST_BOOL = 10;
    private static final byte VECTOR = 11;
    private static final int HEADER = 9;

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
        if (value instanceof FloatVector v) {
            ByteBuffer buf = ByteBuffer.allocate(HEADER + 4 + 4 * v.dimension()).putLong(ts).put(VECTOR)
                    .putInt(v.dimension());
            for (float f : v.values()) {
                buf.putInt(Float.floatToRawIntBits(f));
            }
            return buf.array();
        }
        if (value instanceof List<?> list) {
            return encodeList(list, ts);
        }
        throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " online");
    }

    private static byte[] encodeList(List<?> list, long ts) {
        int n = list.size();
        byte tag = switch (EntityValues.typeOf(list)) { // checks the elements
            case EntityValues.LIST_LONG -> LIST_LONG;
            case EntityValues.LIST_DOUBLE -> LIST_DOUBLE;
            case EntityValues.LIST_STRING -> LIST_STRING;
            default -> LIST_BOOL;
        };
        byte[][] utf8 = tag == LIST_STRING ? new byte[n][] : null;
        long size = HEADER + 4L;
        for (int i = 0; utf8 != null && i < n; i++) {
            utf8[i] = ((String) list.get(i)).getBytes(StandardCharsets.UTF_8);
            size += 4 + utf8[i].length;
        }
        size += tag == LIST_LONG || tag == LIST_DOUBLE ? 8L * n : tag == LIST_BOOL ? n : 0;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot store a list of " + size + " bytes online");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).putLong(ts).put(tag).putInt(n);
        for (int i = 0; i < n; i++) {
            Object e = list.get(i);
            switch (tag) {
                case LIST_LONG -> buf.putLong((Long) e);
                case LIST_DOUBLE -> buf.putDouble((Double) e);
                case LIST_BOOL -> buf.put((byte) ((Boolean) e ? 1 : 0));
                default -> buf.putInt(utf8[i].length).put(utf8[i]);
            }
        }
        return buf.array();
    }

    /** The event time alone, without decoding the value: what the newest-wins check needs. */
    public static long eventMicros(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong(0);
    }

    /**
     * {@link #decode(byte[])} of the value stored for one feature of one entity; a value that is not valid fails naming
     * them.
     *
     * @throws IllegalStateException naming the group, the entity, the feature and what is wrong
     */
    static StoredValue decode(byte[] bytes, String group, String entity, String feature) {
        try {
            return decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The online value of group " + EntityValues.quoted(group) + ", entity "
                    + EntityValues.quoted(entity) + ", feature " + EntityValues.quoted(feature) + " is not a valid "
                    + "value (" + bytes.length + " bytes): " + e.getMessage() + "; write the entity again", e);
        }
    }

    /**
     * The value and its event time.
     *
     * @throws IllegalArgumentException saying what is wrong when the bytes are not a value (cut short, too long, a
     *                                  length beyond the value, an unknown tag)
     */
    public static StoredValue decode(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException("it is " + bytes.length + " bytes long, shorter than the 9-byte header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Instant ts = Timestamps.fromMicros(buf.getLong());
        byte tag = buf.get();
        Object value;
        try {
            value = switch (tag) {
                case NULL -> null;
                case LONG -> buf.getLong();
                case DOUBLE -> buf.getDouble();
                case BOOL -> {
                    byte b = buf.get();
                    if ((b & 0xFE) != 0) {
                        throw new IllegalArgumentException("the bool is " + b + " (0 or 1 expected)");
                    }
                    yield b == 1;
                }
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
                case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL, VECTOR -> array(buf, tag);
                default -> throw new IllegalArgumentException("unknown value tag " + tag);
            };
        } catch (BufferUnderflowException | NumberFormatException e) {
            throw new IllegalArgumentException("it ends inside the value of tag " + tag);
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(buf.remaining() + " bytes follow the value of tag " + tag);
        }
        return new StoredValue(value, ts);
    }

    private static Object array(ByteBuffer buf, byte tag) {
        int at = buf.position();
        int count = buf.getInt();
        int width = switch (tag) {
            case LIST_LONG, LIST_DOUBLE -> 8;
            case VECTOR -> 4;
            default -> 1; // a bool, or at least the 4 bytes of a string's length
        };
        if (count < 0 || (long) count * width > buf.remaining()) {
            throw new IllegalArgumentException("the count at byte " + at + " says " + count + " elements, "
                    + buf.remaining() + " bytes follow");
        }
        if (tag == VECTOR) {
            if (count == 0) {
                throw new IllegalArgumentException("the vector at byte " + at + " has no values");
            }
            float[] floats = new float[count];
            for (int i = 0; i < count; i++) {
                floats[i] = Float.intBitsToFloat(buf.getInt());
            }
            return FloatVector.of(floats);
        }
        Object[] elements = new Object[count];
        for (int i = 0; i < count; i++) {
            elements[i] = switch (tag) {
                case LIST_LONG -> buf.getLong();
                case LIST_DOUBLE -> buf.getDouble();
                case LIST_BOOL -> {
                    byte b = buf.get();
                    if ((b & 0xFE) != 0) {
                        throw new IllegalArgumentException("element " + i + " of the list<bool> is " + b
                                + " (0 or 1 expected)");
                    }
                    yield b == 1;
                }
                default -> {
                    int lengthAt = buf.position();
                    int length = buf.getInt();
                    if (length < 0 || length > buf.remaining()) {
                        throw new IllegalArgumentException("the length at byte " + lengthAt + " of element " + i
                                + " says " + length + " bytes, " + buf.remaining() + " follow");
                    }
                    String s = new String(buf.array(), buf.position(), length, StandardCharsets.UTF_8);
                    buf.position(buf.position() + length);
                    yield s;
                }
            };
        }
        return Collections.unmodifiableList(Arrays.asList(elements));
    }
}
