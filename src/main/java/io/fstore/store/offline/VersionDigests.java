package io.fstore.store.offline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A compact set (or map to an int) of versions, (entity, event time), kept as 128-bit digests in open-addressing
 * arrays: 16 bytes a slot (20 with values), the table between a third and two thirds full once past its first 1024
 * slots, so 24 to 48 bytes per version (30 to 60 with values) whatever the length of the entity ids, and no object
 * per entry.
 *
 * <p>The digest is the first 128 bits of SHA-256 over the entity id's UTF-8 bytes and the event time's 8 bytes: two
 * versions share one with probability 2^-128 (for a billion versions, about 10^-21 that any pair does), and no one can
 * choose entity ids that collide. Not thread-safe.
 */
final class VersionDigests {

    static final int MISSING = -1;
    private static final int MIN_CAPACITY = 1 << 10;

    private final MessageDigest sha256;
    private final boolean withValues;
    private long[] high = new long[MIN_CAPACITY];
    private long[] low = new long[MIN_CAPACITY]; // never 0 in a used slot: 0 marks a free one
    private int[] values;
    private int size;
    private byte[] input = new byte[64];
    private final byte[] output = new byte[32];
    // the digest of the version last passed in
    private long h;
    private long l;

    private VersionDigests(boolean withValues) {
        this.withValues = withValues;
        this.values = withValues ? new int[MIN_CAPACITY] : null;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static VersionDigests set() {
        return new VersionDigests(false);
    }

    static VersionDigests map() {
        return new VersionDigests(true);
    }

    int size() {
        return size;
    }

    /** Adds the version; false when it was there already. */
    boolean add(String entity, long eventMicros) {
        digest(entity, eventMicros);
        int slot = slot();
        if (low[slot] != 0) {
            return false;
        }
        insert(slot, 0);
        return true;
    }

    /** Maps the version to {@code value} (not negative); returns the previous value or {@link #MISSING}. */
    int put(String entity, long eventMicros, int value) {
        digest(entity, eventMicros);
        int slot = slot();
        if (low[slot] != 0) {
            int previous = values[slot];
            values[slot] = value;
            return previous;
        }
        insert(slot, value);
        return MISSING;
    }

    int get(String entity, long eventMicros) {
        digest(entity, eventMicros);
        int slot = slot();
        return low[slot] == 0 ? MISSING : values[slot];
    }

    private void digest(String entity, long eventMicros) {
        byte[] id = entity.getBytes(StandardCharsets.UTF_8);
        if (input.length < id.length + 8) {
            input = new byte[Math.max(id.length + 8, input.length * 2)];
        }
        System.arraycopy(id, 0, input, 0, id.length);
        ByteBuffer.wrap(input, id.length, 8).putLong(eventMicros);
        sha256.update(input, 0, id.length + 8);
        try {
            sha256.digest(output, 0, output.length);
        } catch (DigestException e) {
            throw new IllegalStateException("A SHA-256 digest fits 32 bytes", e);
        }
        ByteBuffer d = ByteBuffer.wrap(output);
        h = d.getLong();
        l = d.getLong() | 1L; // 127 bits of the second word, so that no digest is the free marker
    }

    /** The slot holding the current digest, or the free slot where it goes. */
    private int slot() {
        int mask = low.length - 1;
        int slot = (int) (h ^ (h >>> 32)) & mask; // the digest is uniform: any of its bits make a good index
        while (low[slot] != 0 && (low[slot] != l || high[slot] != h)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void insert(int slot, int value) {
        high[slot] = h;
        low[slot] = l;
        if (withValues) {
            values[slot] = value;
        }
        if (++size * 3 > low.length * 2) {
            grow();
        }
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        int[] oldValues = values;
        high = new long[oldLow.length * 2];
        low = new long[oldLow.length * 2];
        values = withValues ? new int[oldLow.length * 2] : null;
        long keepH = h;
        long keepL = l;
        for (int i = 0; i < oldLow.length; i++) {
            if (oldLow[i] != 0) {
                h = oldHigh[i];
                l = oldLow[i];
                int slot = slot();
                high[slot] = h;
                low[slot] = l;
                if (withValues) {
                    values[slot] = oldValues[i];
                }
            }
        }
        h = keepH;
        l = keepL;
    }
}
