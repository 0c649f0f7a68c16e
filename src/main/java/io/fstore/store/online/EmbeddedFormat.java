package io.fstore.store.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
 * ({@link Format3Values}) keeps a version per feature, with the feature's name; format 4 ({@link EntityValues}) names
 * features by their index in the group's {@link GroupNames} and shares one version among the slots that have it.
 * Format 1 values get the earliest possible ingestion time, so any later write at the same event time replaces them;
 * format 2 values give their entity's ingestion time to each of their features; format 3 values keep every version and
 * value as they are. Each step commits in batches and records how far it got, so a crash part-way resumes it.
 */
final class EmbeddedFormat {

    static final int CURRENT = 4;

    /** Reserved keys start with the separator: group names are never empty, so no entity key does. */
    private static final byte[] FORMAT_KEY = "\0format".getBytes(StandardCharsets.UTF_8);
    /** How far the step to format 2 got (the key FStore used before format 3, so an interrupted step resumes). */
    private static final byte[] UPGRADED_TO_2_UP_TO_KEY = "\0upgraded-up-to".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UPGRADED_TO_3_UP_TO_KEY = "\0upgraded-3-up-to".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UPGRADED_TO_4_UP_TO_KEY = "\0upgraded-4-up-to".getBytes(StandardCharsets.UTF_8);
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
            step(db, writeOptions, UPGRADED_TO_2_UP_TO_KEY, values(EmbeddedFormat::fromFormat1), 2);
        }
        if (version <= 2) {
            step(db, writeOptions, UPGRADED_TO_3_UP_TO_KEY, values(Format3Values::fromFormat2), 3);
        }
        if (version <= 3) {
            step(db, writeOptions, UPGRADED_TO_4_UP_TO_KEY, new ToFormat4(db), 4);
        }
    }

    /** One entity value of the format before, in the format of a step; may add reserved keys to the step's batch. */
    private interface Conversion {
        byte[] convert(byte[] key, byte[] value, WriteBatch batch) throws RocksDBException;
    }

    private static Conversion values(UnaryOperator<byte[]> convert) {
        return (key, value, batch) -> convert.apply(value);
    }

    /**
     * Rewrites every entity value with {@code conversion}, then records {@code target} as the store's format. What a
     * conversion adds to the batch is committed with the values it converted and the progress key.
     */
    private static void step(RocksDB db, WriteOptions writeOptions, byte[] progressKey, Conversion conversion,
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
                batch.put(key, conversion.convert(key, it.value(), batch));
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

    /**
     * Format 3 to 4: each feature name becomes its index in its group's {@link GroupNames}, given in the order names
     * are met; a grown index goes into the batch of the values that use it, so a resumed step finds it.
     */
    static final class ToFormat4 implements Conversion {
        private final RocksDB db;
        private final Map<String, GroupNames> names = new HashMap<>();
        private final EntityValues.Builder builder = new EntityValues.Builder();

        ToFormat4(RocksDB db) {
            this.db = db;
        }

        @Override
        public byte[] convert(byte[] key, byte[] value, WriteBatch batch) throws RocksDBException {
            int separator = 0;
            while (separator < key.length && key[separator] != 0) {
                separator++;
            }
            String group = new String(key, 0, separator, StandardCharsets.UTF_8);
            GroupNames known = names.get(group);
            if (known == null) {
                known = GroupNames.decode(db.get(GroupNames.key(group)));
            }
            Map<String, Format3Values.Slot> slots = Format3Values.decode(value);
            GroupNames grown = known.with(java.util.List.copyOf(slots.keySet()));
            names.put(group, grown);
            if (grown != known) {
                batch.put(GroupNames.key(group), grown.encode());
            }
            String[] byIndex = new String[grown.size()];
            slots.keySet().forEach(name -> byIndex[grown.indexOf(name)] = name);
            for (int i = 0; i < byIndex.length; i++) {
                if (byIndex[i] != null) {
                    Format3Values.Slot slot = slots.get(byIndex[i]);
                    StoredValue stored = ValueCodec.decode(slot.value());
                    builder.add(i, stored.value(), slot.eventMicros(), slot.ingestedMicros());
                }
            }
            return builder.build();
        }
    }

    /** Inserts the ingestion time (the earliest there is) after a format 1 value's event time. */
    static byte[] fromFormat1(byte[] value) {
        ByteBuffer buf = ByteBuffer.allocate(value.length + Format3Values.FORMAT_2_HEADER - FORMAT_1_HEADER);
        buf.put(value, 0, FORMAT_1_HEADER);
        Format3Values.putOrderedMicros(buf, Long.MIN_VALUE);
        buf.put(value, FORMAT_1_HEADER, value.length - FORMAT_1_HEADER);
        return buf.array();
    }
}
