package io.fstore.store.offline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import io.fstore.normalize.Timestamps;
import org.apache.parquet.column.values.bloomfilter.XxHash;

/**
 * A 64-bit fingerprint of a row's values as the offline store writes them (timestamps in microseconds, decimals as
 * unscaled value and scale, lists and vectors as their length and elements, nulls distinct from every value), seeded with the group's column layout so that a changed
 * definition (a feature added, renamed or retyped) changes every fingerprint. XXH64, the hash Parquet's own bloom
 * filters use: two different versions collide with probability 2^-64. Not thread-safe (one reused buffer).
 */
final class RowFingerprint {

    private static final XxHash XXH64 = new XxHash();
    private final List<Feature> features;
    private final long layout;
    private byte[] buffer = new byte[256];
    private int size;

    RowFingerprint(FeatureGroup group) {
        this.features = group.features();
        StringBuilder columns = new StringBuilder(group.entity().key());
        for (Feature f : features) {
            columns.append('\u0000').append(f.name()).append(':').append(f.type()).append(':').append(f.precision())
                    .append(':').append(f.scale());
            if (f.type() == ValueType.VECTOR) {
                columns.append(':').append(f.dimension()); // only here: the layouts of earlier versions stay as they were
            }
        }
        this.layout = XXH64.hashBytes(columns.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bytes hashed are big-endian, as a {@link ByteBuffer} writes them: fingerprints stored by earlier versions
     * stay valid. They are written into a plain array (no buffer bounds checks per byte, no BigInteger per decimal).
     */
    long of(FeatureRow row) {
        size = 0;
        putLong(layout);
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                putByte(0);
                continue;
            }
            putByte(1);
            put(features.get(i).type(), v);
        }
        return XXH64.hashByteBuffer(ByteBuffer.wrap(buffer, 0, size));
    }

    private void put(ValueType type, Object v) {
        switch (type) {
            case LONG -> putLong((Long) v);
            case DOUBLE -> putLong(Double.doubleToLongBits((Double) v)); // one NaN, as Parquet readers see
            case STRING -> putChars((String) v);
            case BOOL -> putByte((Boolean) v ? 1 : 0);
            case TIMESTAMP -> putLong(Timestamps.toMicros((Instant) v));
            case DECIMAL -> putDecimal((BigDecimal) v);
            case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL -> putList(type.element(), (List<?>) v);
            case VECTOR -> putFloats(((FloatVector) v).values());
            default -> throw new IllegalStateException("no fingerprint for type " + type);
        }
    }

    /** Length, then each element as a value of its type: a changed, added or moved element changes the bytes. */
    private void putList(ValueType element, List<?> list) {
        int n = list.size();
        putInt(n);
        for (int i = 0; i < n; i++) {
            put(element, list.get(i));
        }
    }

    /** Length, then each float's bits (the 32 bits Parquet stores). */
    private void putFloats(float[] floats) {
        ensure(4 + 4 * floats.length);
        putInt(floats.length);
        for (float f : floats) {
            putInt(Float.floatToIntBits(f));
        }
    }

    /** Scale, length and the unscaled value's two's-complement bytes ({@link BigInteger#toByteArray}). */
    private void putDecimal(BigDecimal d) {
        if (d.precision() > 18) {
            byte[] unscaled = d.unscaledValue().toByteArray();
            ensure(8 + unscaled.length);
            putInt(d.scale());
            putInt(unscaled.length);
            System.arraycopy(unscaled, 0, buffer, size, unscaled.length);
            size += unscaled.length;
            return;
        }
        long unscaled = Decimals.unscaledLong(d);
        int length = (64 - Long.numberOfLeadingZeros(unscaled < 0 ? ~unscaled : unscaled)) / 8 + 1;
        ensure(8 + length);
        putInt(d.scale());
        putInt(length);
        for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (unscaled >>> shift);
        }
    }

    /** Length-prefixed UTF-16: cheaper than encoding UTF-8 and just as unambiguous. */
    private void putChars(String s) {
        int n = s.length();
        ensure(4 + 2 * n);
        putInt(n);
        byte[] b = buffer;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[p] = (byte) (c >>> 8);
            b[p + 1] = (byte) c;
            p += 2;
        }
        size = p;
    }

    private void putByte(int v) {
        ensure(1);
        buffer[size++] = (byte) v;
    }

    private void putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (v >>> shift);
        }
    }

    private void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (v >>> shift);
        }
    }

    private void ensure(int bytes) {
        if (buffer.length - size < bytes) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
        }
    }
}
