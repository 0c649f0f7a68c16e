package io.fstore.store.online;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Big-endian fixed 8-byte longs, 4-byte ints and unsigned LEB128 varints over byte arrays: the embedded store's
 * format 4.
 */
final class Bytes {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static long getLong(byte[] bytes, int offset) {
        return (long) LONG.get(bytes, offset);
    }

    /** Reads from {@link #pos} on. */
    static class Reader {
        byte[] bytes;
        int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        final int u8() {
            return bytes[pos++] & 0xFF;
        }

        final long i64() {
            long v = getLong(bytes, pos);
            pos += 8;
            return v;
        }

        final int i32() {
            int v = (int) INT.get(bytes, pos);
            pos += 4;
            return v;
        }

        final int varint() {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = bytes[pos++];
                v |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }
    }

    /** A growable array, reused: {@link #reset} starts over without reallocating. */
    static final class Writer {
        private byte[] bytes;
        private int pos;

        Writer(int capacity) {
            bytes = new byte[Math.max(capacity, 16)];
        }

        private void ensure(int more) {
            if (pos + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + more));
            }
        }

        void reset() {
            pos = 0;
        }

        Writer u8(int v) {
            ensure(1);
            bytes[pos++] = (byte) v;
            return this;
        }

        Writer i64(long v) {
            ensure(8);
            LONG.set(bytes, pos, v);
            pos += 8;
            return this;
        }

        Writer i32(int v) {
            ensure(4);
            INT.set(bytes, pos, v);
            pos += 4;
            return this;
        }

        Writer varint(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                bytes[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[pos++] = (byte) v;
            return this;
        }

        Writer bytes(byte[] from, int offset, int length) {
            ensure(length);
            System.arraycopy(from, offset, bytes, pos, length);
            pos += length;
            return this;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, pos);
        }
    }
}
