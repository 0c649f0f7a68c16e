package io.fstore.store.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.Feature;
import io.fstore.normalize.Timestamps;

/**
 * All stored features of one entity in one group as one byte array:
 * {@code [newest event time][ingestion time][count]([name][ValueCodec bytes])*}, both times order-preserving.
 * The header makes byte order equal (event time, ingestion time) order, so RocksDB's built-in {@code max} merge
 * operator keeps the newest version of an entity, the later ingestion on equal event times, without FStore reading it
 * first. (Format 1, before ingestion times, had only the 8-byte event time: see {@link EmbeddedFormat}.)
 */
final class EntityValues {

    static final int HEADER = 16;

    private EntityValues() {
    }

    /** Big-endian with the sign bit flipped: unsigned byte comparison then orders like the signed value. */
    static void putOrderedMicros(ByteBuffer buf, long micros) {
        buf.putLong(micros ^ Long.MIN_VALUE);
    }

    static Map<String, byte[]> decode(byte[] bytes) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        if (bytes == null) {
            return values;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, HEADER, bytes.length - HEADER);
        int count = buf.getShort();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[buf.getShort()];
            buf.get(name);
            byte[] value = new byte[buf.getInt()];
            buf.get(value);
            values.put(new String(name, StandardCharsets.UTF_8), value);
        }
        return values;
    }

    /**
     * Encodes per-feature values (each with its own event time); the header carries the newest of them and the
     * ingestion time.
     */
    static byte[] encode(Map<String, byte[]> values, long ingestedMicros) {
        int size = HEADER + 2;
        long newest = Long.MIN_VALUE;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + e.getValue().length;
            newest = Math.max(newest, ValueCodec.eventMicros(e.getValue()));
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        putOrderedMicros(buf, newest);
        putOrderedMicros(buf, ingestedMicros);
        buf.putShort((short) values.size());
        values.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) n.length).put(n).putInt(value.length).put(value);
        });
        return buf.array();
    }

    /** Encodes one normalized row: every feature of the group at the row's event time, ingested at ingestedMicros. */
    static byte[] encodeRow(List<Feature> features, byte[][] names, Object[] values, Instant eventTime,
                            long ingestedMicros) {
        byte[][] encoded = new byte[values.length][];
        int size = HEADER + 2;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = ValueCodec.encode(values[i], eventTime);
            size += 2 + names[i].length + 4 + encoded[i].length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        putOrderedMicros(buf, Timestamps.toMicros(eventTime));
        putOrderedMicros(buf, ingestedMicros);
        buf.putShort((short) features.size());
        for (int i = 0; i < values.length; i++) {
            buf.putShort((short) names[i].length).put(names[i]).putInt(encoded[i].length).put(encoded[i]);
        }
        return buf.array();
    }
}
