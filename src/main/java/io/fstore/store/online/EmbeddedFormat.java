package io.fstore.store.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The byte format of the embedded store's values, kept under a reserved key so a store written by an older FStore is
 * upgraded once, when opened. Format 1 headers held the event time only; format 2 ({@link EntityValues}) adds the
 * ingestion time. Format 1 values get the earliest possible ingestion time, so any later write at the same event time
 * replaces them. The upgrade commits in batches and records how far it got, so a crash part-way resumes it.
 */
final class EmbeddedFormat {

    static final int CURRENT = 2;

    /** Reserved keys start with the separator: group names are never empty, so no entity key does. */
    private static final byte[] FORMAT_KEY = "\0format".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UPGRADED_UP_TO_KEY = "\0upgraded-up-to".getBytes(StandardCharsets.UTF_8);
    private static final int FORMAT_1_HEADER = 8;
    private static final int BATCH = 10_000;

    private EmbeddedFormat() {
    }

    static void upgrade(RocksDB db, WriteOptions writeOptions) throws RocksDBException {
        byte[] format = db.get(FORMAT_KEY);
        if (format != null) {
            int version = Integer.parseInt(new String(format, StandardCharsets.UTF_8));
            if (version > CURRENT) {
                throw new IllegalStateException("it was written by a newer FStore (format " + version + ", this one "
                        + "reads up to " + CURRENT + ")");
            }
            if (version == CURRENT) {
                return;
            }
        }
        byte[] upgradedUpTo = db.get(UPGRADED_UP_TO_KEY);
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
                batch.put(key, fromFormat1(it.value()));
                if (++pending == BATCH) {
                    batch.put(UPGRADED_UP_TO_KEY, key);
                    db.write(writeOptions, batch);
                    batch.clear();
                    pending = 0;
                }
            }
            it.status();
            batch.put(FORMAT_KEY, Integer.toString(CURRENT).getBytes(StandardCharsets.UTF_8));
            batch.delete(UPGRADED_UP_TO_KEY);
            db.write(writeOptions, batch);
        }
    }

    /** Inserts the ingestion time (the earliest there is) after a format 1 value's event time. */
    static byte[] fromFormat1(byte[] value) {
        ByteBuffer buf = ByteBuffer.allocate(value.length + EntityValues.HEADER - FORMAT_1_HEADER);
        buf.put(value, 0, FORMAT_1_HEADER);
        EntityValues.putOrderedMicros(buf, Long.MIN_VALUE);
        buf.put(value, FORMAT_1_HEADER, value.length - FORMAT_1_HEADER);
        return buf.array();
    }
}
