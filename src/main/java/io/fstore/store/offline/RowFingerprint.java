package io.fstore.store.offline;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.apache.parquet.column.values.bloomfilter.XxHash;

/**
 * A 64-bit fingerprint of a row's values as the offline store writes them (timestamps in microseconds, decimals as
 * unscaled value and scale, nulls distinct from every value), seeded with the group's column layout so that a changed
 * definition (a feature added, renamed or retyped) changes every fingerprint. XXH64, the hash Parquet's own bloom
 * filters use: two different versions collide with probability 2^-64. Not thread-safe (one reused buffer).
 */
final class RowFingerprint {

    private static final XxHash XXH64 = new XxHash();
    private final List<Feature> features;
    private final long layout;
    private ByteBuffer buffer = ByteBuffer.allocate(256);

    RowFingerprint(FeatureGroup group) {
        this.features = group.features();
        StringBuilder columns = new StringBuilder(group.entity().key());
        for (Feature f : features) {
            columns.append('\u0000').append(f.name()).append(':').append(f.type()).append(':').append(f.precision())
                    .append(':').append(f.scale());
        }
        this.layout = XXH64.hashBytes(columns.toString().getBytes(StandardCharsets.UTF_8));
    }

    long of(FeatureRow row) {
        buffer.clear();
        ensure(8).putLong(layout);
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ensure(1).put((byte) 0);
                continue;
            }
            ensure(1).put((byte) 1);
            switch (features.get(i).type()) {
                case LONG -> ensure(8).putLong((Long) v);
                case DOUBLE -> ensure(8).putLong(Double.doubleToLongBits((Double) v)); // one NaN, as Parquet readers see
                case STRING -> putChars((String) v);
                case BOOL -> ensure(1).put((byte) ((Boolean) v ? 1 : 0));
                case TIMESTAMP -> ensure(8).putLong(Timestamps.toMicros((Instant) v));
                case DECIMAL -> {
                    BigDecimal d = (BigDecimal) v;
                    byte[] unscaled = d.unscaledValue().toByteArray();
                    ensure(8 + unscaled.length).putInt(d.scale()).putInt(unscaled.length).put(unscaled);
                }
            }
        }
        buffer.flip();
        return XXH64.hashByteBuffer(buffer);
    }

    /** Length-prefixed UTF-16: cheaper than encoding UTF-8 and just as unambiguous. */
    private void putChars(String s) {
        ensure(4 + 2 * s.length()).putInt(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer.putChar(s.charAt(i));
        }
    }

    private ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            buffer = larger.put(buffer);
        }
        return buffer;
    }
}
