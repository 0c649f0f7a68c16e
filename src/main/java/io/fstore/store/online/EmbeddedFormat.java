package io.fstore.store.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The byte format of the embedded store's values, kept under a reserved key so a store written by an older FStore is
 * upgraded once, when opened, one format at a time. Format 1 headers held the entity's event time only; format 2
 * added the entity's ingestion time (one version per entity, merged whole by RocksDB's {@code max} operator); format 3
 * ({@link EntityValues}) keeps a version per feature. Format 1 values get the earliest possible ingestion time, so any
 * later write at the same event time replaces them; format 2 values give their entity's ingestion time to each of
 * their features. Each step commits in batches and records how far it got, so a crash part-way resumes it.
 */
final class EmbeddedFormat {

    static final int CURRENT = 3;

    /** Reserved keys start with the separator: group names are never empty, so no entity key does. */
    private static final byte[] FORMAT_KEY = "\0format".getBytes(StandardCharsets.UTF_8);
    /** How far the step to format 2 got (the key FStore used before format 3, so an interrupted step resumes). */
    private static final byte[] UPGRADED_TO_2_UP_TO_KEY = "\0upgraded-up-to".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UPGRADED_TO_3_UP_TO_KEY = "\0upgraded-3-up-to".getBytes(StandardCharsets.UTF_8);
    private static final int FORMAT_1_HEADER = 8;
    private static final int BATCH = 10_000;

    private EmbeddedFormat() {
    }

    static void upgrade(RocksDB db, WriteOptions writeOptions) throws RocksDBException {
        byte[] format = db.get(FORMAT_KEY);
        int version = format == null ? 1 : Integer.parseInt(new String(format, StandardCharsets.UTF_8));
        if (version > CURRENT) {
            throw new IllegalStateException("it was written by a newer FStore (format " + version + ", this one "
                    + "reads up to " + CURRENT + ")");
        }
        if (version == 1) {
            step(db, writeOptions, UPGRADED_TO_2_UP_TO_KEY, EmbeddedFormat::fromFormat1, 2);
        }
        if (version <= 2) {
            step(db, writeOptions, UPGRADED_TO_3_UP_TO_KEY, EntityValues::fromFormat2, 3);
        }
    }

    /** Rewrites every entity value with {@code convert}, then records {@code target} as the store's format. */
    private static void step(RocksDB db, WriteOptions writeOptions, byte[] progressKey, UnaryOperator<byte[]> convert,
                             int target) throws RocksDBException {
        byte[] upgradedUpTo = db.get(progressKey);
        try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            if (upgradedUpTo == null) {
                it.seekToFirst();
            } else {
                it.seek(upgradedUpTo);
                if (it.isValid() && Arrays.equals(it.key(), upgradedUpTo)) {
                    it.next();
                }
            }
            int pending = 0;
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length > 0 && key[0] == 0) {
                    continue;
                }
                batch.put(key, convert.apply(it.value()));
                if (++pending == BATCH) {
                    batch.put(progressKey, key);
                    db.write(writeOptions, batch);
                    batch.clear();
                    pending = 0;
                }
            }
            it.status();
            batch.put(FORMAT_KEY, Integer.toString(target).getBytes(StandardCharsets.UTF_8));
            batch.delete(progressKey);
            db.write(writeOptions, batch);
        }
    }

    /** Inserts the ingestion time (the earliest there is) after a format 1 value's event time. */
    static byte[] fromFormat1(byte[] value) {
        ByteBuffer buf = ByteBuffer.allocate(value.length + EntityValues.FORMAT_2_HEADER - FORMAT_1_HEADER);
        buf.put(value, 0, FORMAT_1_HEADER);
        EntityValues.putOrderedMicros(buf, Long.MIN_VALUE);
        buf.put(value, FORMAT_1_HEADER, value.length - FORMAT_1_HEADER);
        return buf.array();
    }
}
