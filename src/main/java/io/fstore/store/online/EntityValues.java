package io.fstore.store.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All stored features of one entity in one group, as one byte array: feature name -> {@link ValueCodec} bytes.
 * One key per entity makes a lookup one read and a chunk write one read-modify-write per entity, not per feature.
 */
final class EntityValues {

    private EntityValues() {
    }

    static Map<String, byte[]> decode(byte[] bytes) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        if (bytes == null) {
            return values;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
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

    static byte[] encode(Map<String, byte[]> values) {
        int size = 2;
        Map<byte[], byte[]> named = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            named.put(name, e.getValue());
            size += 2 + name.length + 4 + e.getValue().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size).putShort((short) values.size());
        named.forEach((name, value) -> buf.putShort((short) name.length).put(name).putInt(value.length).put(value));
        return buf.array();
    }
}
