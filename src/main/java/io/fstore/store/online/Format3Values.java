package io.fstore.store.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value format 3 of the embedded store, kept to upgrade stores written in it ({@link EmbeddedFormat}): all stored
 * features of one entity in one group as one byte array, each feature with its own version and name:
 * {@code [count u16]([name length u16][name][ingestion micros i64][value length i32][ValueCodec bytes])*}. The event
 * time is the one inside the {@link ValueCodec} bytes, so a feature's version is (its event time, its ingestion
 * time). Formats 1 and 2 (one version per entity, in a header) are upgraded to it first. Format 4 is {@link EntityValues}.
 */
final class Format3Values {

    /** Format 2's header: the entity's newest event time and its ingestion time, both order-preserving. */
    static final int FORMAT_2_HEADER = 16;

    /** One feature's stored value and the ingestion time of the write that stored it. */
    record Slot(long ingestedMicros, byte[] value) {

        long eventMicros() {
            return ValueCodec.eventMicros(value);
        }
    }

    private Format3Values() {
    }

    /** Big-endian with the sign bit flipped: unsigned byte comparison then orders like the signed value. */
    static void putOrderedMicros(ByteBuffer buf, long micros) {
        buf.putLong(micros ^ Long.MIN_VALUE);
    }

    static long getOrderedMicros(ByteBuffer buf) {
        return buf.getLong() ^ Long.MIN_VALUE;
    }

    /** The features of one entity, in stored order; empty for null (no entity). */
    static Map<String, Slot> decode(byte[] bytes) {
        Map<String, Slot> values = new LinkedHashMap<>();
        if (bytes == null) {
            return values;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int count = Short.toUnsignedInt(buf.getShort());
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[Short.toUnsignedInt(buf.getShort())];
            buf.get(name);
            long ingested = buf.getLong();
            byte[] value = new byte[buf.getInt()];
            buf.get(value);
            values.put(new String(name, StandardCharsets.UTF_8), new Slot(ingested, value));
        }
        return values;
    }

    static byte[] encode(Map<String, Slot> values) {
        if (values.size() > 0xFFFF) {
            throw new IllegalArgumentException("an entity holds more than 65535 features");
        }
        byte[][] names = new byte[values.size()][];
        int size = 2;
        int i = 0;
        for (Map.Entry<String, Slot> e : values.entrySet()) {
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            size += 2 + names[i].length + 8 + 4 + e.getValue().value().length;
            i++;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort((short) values.size());
        i = 0;
        for (Slot slot : values.values()) {
            buf.putShort((short) names[i].length).put(names[i]).putLong(slot.ingestedMicros())
                    .putInt(slot.value().length).put(slot.value());
            i++;
        }
        return buf.array();
    }

    /**
     * A format 2 value ({@code [newest event][ingestion][count]([name][ValueCodec bytes])*}) in format 3: every feature
     * gets the entity's ingestion time, the version format 2 kept for the whole entity.
     */
    static byte[] fromFormat2(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        getOrderedMicros(buf); // the newest event time: each value holds its own
        long ingested = getOrderedMicros(buf);
        int count = Short.toUnsignedInt(buf.getShort());
        Map<String, Slot> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[Short.toUnsignedInt(buf.getShort())];
            buf.get(name);
            byte[] value = new byte[buf.getInt()];
            buf.get(value);
            values.put(new String(name, StandardCharsets.UTF_8), new Slot(ingested, value));
        }
        return encode(values);
    }
}
