package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.fstore.TestGroups;
import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.normalize.Timestamps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class EmbeddedOnlineStoreTest extends OnlineStoreContract {

    @TempDir
    Path storeDir;

    @Override
    protected OnlineStore newStore() {
        return new EmbeddedOnlineStore(storeDir.resolve("contract"));
    }

    /** No server to stop: a closed store. */
    @Override
    protected OnlineStore storeThatCannotServe() {
        EmbeddedOnlineStore closed = new EmbeddedOnlineStore(storeDir.resolve("closed"));
        closed.close();
        return closed;
    }

    /** The entity's value in the closed store's RocksDB, cut; then the store opened again. */
    @Override
    protected void cutShort(String group, String entity, String feature, int bytes) throws Exception {
        store.close();
        byte[] key = (group + "\0" + entity).getBytes(StandardCharsets.UTF_8);
        try (Options options = new Options().setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, storeDir.resolve("contract").toString())) {
            byte[] value = db.get(key);
            db.put(key, java.util.Arrays.copyOf(value, value.length - bytes));
        }
        store = newStore();
    }

    /**
     * A store of format 4 written before list and vector values (its value built by the documented layout): it opens
     * without an upgrade step, reads as before, and takes list and vector features beside the old values.
     */
    @Test
    void a_format_4_store_from_before_lists_reads_as_before_and_takes_lists_and_vectors(@TempDir Path dir)
            throws Exception {
        Path folder = dir.resolve("online");
        Files.createDirectories(folder);
        long event = Timestamps.toMicros(T1);
        ByteBuffer old = ByteBuffer.allocate(16 + 1 + 8 + 1 + 3 + 4).putLong(event).putLong(5L)
                .put((byte) EntityValues.DOUBLE).putDouble(1.5)
                .put((byte) EntityValues.DECIMAL).put(new byte[] {4, 1, 0x7B}) // 1.23: scale 2 (zigzag 4), unscaled 123
                .put((byte) EntityValues.STRING).put(new byte[] {2, 'h', 'i'});
        try (Options options = new Options().setCreateIfMissing(true).setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, folder.toString())) {
            db.put("\0format".getBytes(StandardCharsets.UTF_8), "4".getBytes(StandardCharsets.UTF_8));
            db.put(GroupNames.key("g"), GroupNames.EMPTY.with(List.of("d", "m", "s")).encode());
            db.put("g\0e1".getBytes(StandardCharsets.UTF_8), old.array());
        }
        FeatureGroup g = new FeatureGroup("g", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()),
                new Trigger.Cron("0 0 0 * * ?"), false, Duration.ZERO, List.of(
                Feature.of("d", ValueType.DOUBLE),
                Feature.of("tags", ValueType.LIST_STRING),
                Feature.vector("v", 2)));
        Map<String, StoredValue> before = Map.of("d", new StoredValue(1.5, T1),
                "m", new StoredValue(new BigDecimal("1.23"), T1), "s", new StoredValue("hi", T1));

        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            assertThat(store.read("g", List.of("e1"), List.of("d", "m", "s")).get(0)).isEqualTo(before);
            store.writeRows(g, List.of(new FeatureRow("e1", T1, new Object[] {1.5, List.of("x", "y"),
                FloatVector.of(0.5f, -1f)})), T2);
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            assertThat(store.read("g", List.of("e1"), List.of("d", "m", "s", "tags", "v")).get(0))
                    .containsAllEntriesOf(Map.of("m", before.get("m"), "s", before.get("s")))
                    .containsEntry("d", new StoredValue(1.5, T1)) // same value, later ingestion
                    .containsEntry("tags", new StoredValue(List.of("x", "y"), T1))
                    .containsEntry("v", new StoredValue(FloatVector.of(0.5f, -1f), T1)).hasSize(5);
        }
        try (Options options = new Options().setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, folder.toString())) {
            assertThat(db.get("\0format".getBytes(StandardCharsets.UTF_8))).asString(StandardCharsets.UTF_8)
                    .as("no new format").isEqualTo("4");
        }
    }

    @Test
    void a_closed_store_says_so_when_pinged() {
        EmbeddedOnlineStore closed = new EmbeddedOnlineStore(storeDir.resolve("closed"));
        closed.close();

        assertThatThrownBy(() -> closed.ping(java.time.Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the online store in " + storeDir.resolve("closed") + " is closed");
    }

    @Test
    void a_store_written_before_ingestion_times_is_upgraded_and_keeps_its_values(@TempDir Path dir) throws Exception {
        FeatureGroup group = TestGroups.longForm();
        Path folder = dir.resolve("online");
        List<String> entities = IntStream.range(0, 25_000).mapToObj(i -> "c" + i).toList(); // several upgrade batches
        writeFormat1(folder, group.name(), entities, T2);

        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            assertThat(store.read(group.name(), entities, List.of("last_order_amount")))
                    .allSatisfy(m -> assertThat(m).containsExactly(
                            Map.entry("last_order_amount", new StoredValue(1.5d, T2))));
            store.writeRows(group, List.of(new FeatureRow("c1", T2, new Object[] {0.5d}),
                    new FeatureRow("c2", T1, new Object[] {9.0d})), T3);
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            assertThat(store.read(group.name(), List.of("c1", "c2"), List.of("last_order_amount")))
                    .as("a later ingestion at the same event replaces a format-1 value; an older event does not")
                    .containsExactly(Map.of("last_order_amount", new StoredValue(0.5d, T2)),
                            Map.of("last_order_amount", new StoredValue(1.5d, T2)));
        }
    }

    /** What FStore wrote before ingestion times: an 8-byte event-time header, merged with {@code max}. */
    private static void writeFormat1(Path folder, String group, List<String> entities, Instant event)
            throws Exception {
        Files.createDirectories(folder);
        try (Options options = new Options().setCreateIfMissing(true).setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, folder.toString())) {
            byte[] name = "last_order_amount".getBytes(StandardCharsets.UTF_8);
            byte[] value = ValueCodec.encode(1.5d, event);
            ByteBuffer buf = ByteBuffer.allocate(8 + 2 + 2 + name.length + 4 + value.length);
            Format3Values.putOrderedMicros(buf, Timestamps.toMicros(event));
            buf.putShort((short) 1).putShort((short) name.length).put(name).putInt(value.length).put(value);
            for (String entity : entities) {
                db.merge((group + "\0" + entity).getBytes(StandardCharsets.UTF_8), buf.array());
            }
        }
    }

    @Test
    void a_store_written_in_format_2_is_upgraded_with_its_entity_version_on_every_feature(@TempDir Path dir)
            throws Exception {
        FeatureGroup group = TestGroups.wide(java.util.Optional.empty());
        Path folder = dir.resolve("online");
        List<String> entities = IntStream.range(0, 12_000).mapToObj(i -> "c" + i).toList(); // two upgrade batches
        writeFormat2(folder, group.name(), entities, T2, I2);

        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            assertThat(store.read(group.name(), entities, List.of("lifetime_value", "orders")))
                    .allSatisfy(m -> assertThat(m).containsOnly(
                            Map.entry("lifetime_value", new StoredValue(1.5d, T2)),
                            Map.entry("orders", new StoredValue(7L, T1))));
            Object[] row = {0.5d, 8L, null, null, null, null};
            store.writeRows(group, List.of(new FeatureRow("c1", T2, row), new FeatureRow("c2", T1, row)), I1);
            store.writeRows(group, List.of(new FeatureRow("c3", T1, row)), I3);
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            assertThat(store.read(group.name(), List.of("c1", "c2", "c3"), List.of("lifetime_value", "orders")))
                    .as("each feature got the entity's ingestion time I2 with its own event time: (T2, I1) is newer "
                            + "than orders' (T1, I2) only; (T1, I1) is newer than neither; (T1, I3) than orders'")
                    .containsExactly(
                            Map.of("lifetime_value", new StoredValue(1.5d, T2), "orders", new StoredValue(8L, T2)),
                            Map.of("lifetime_value", new StoredValue(1.5d, T2), "orders", new StoredValue(7L, T1)),
                            Map.of("lifetime_value", new StoredValue(1.5d, T2), "orders", new StoredValue(8L, T1)));
        }
    }

    /**
     * What FStore wrote in format 2: a 16-byte (newest event, ingestion) header per entity, merged with {@code max};
     * here the features carry different event times (written by the per-feature record path of that version).
     */
    private static void writeFormat2(Path folder, String group, List<String> entities, Instant newest,
                                     Instant ingested) throws Exception {
        Files.createDirectories(folder);
        try (Options options = new Options().setCreateIfMissing(true).setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, folder.toString())) {
            byte[] ltv = "lifetime_value".getBytes(StandardCharsets.UTF_8);
            byte[] ltvValue = ValueCodec.encode(1.5d, newest);
            byte[] orders = "orders".getBytes(StandardCharsets.UTF_8);
            byte[] ordersValue = ValueCodec.encode(7L, T1);
            ByteBuffer buf = ByteBuffer.allocate(16 + 2 + 2 + ltv.length + 4 + ltvValue.length + 2 + orders.length + 4
                    + ordersValue.length);
            Format3Values.putOrderedMicros(buf, Timestamps.toMicros(newest));
            Format3Values.putOrderedMicros(buf, Timestamps.toMicros(ingested));
            buf.putShort((short) 2);
            buf.putShort((short) ltv.length).put(ltv).putInt(ltvValue.length).put(ltvValue);
            buf.putShort((short) orders.length).put(orders).putInt(ordersValue.length).put(ordersValue);
            for (String entity : entities) {
                db.merge((group + "\0" + entity).getBytes(StandardCharsets.UTF_8), buf.array());
            }
            db.put("\0format".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_store_written_in_format_3_is_upgraded_keeping_every_value_and_version(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("online");
        List<String> entities = IntStream.range(0, 12_000).mapToObj(i -> "c" + i).toList(); // two upgrade batches
        writeFormat3(folder, entities);

        assertUpgradedFormat3(folder, entities);
    }

    @Test
    void an_upgrade_to_format_4_stopped_part_way_resumes_where_it_stopped(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("online");
        List<String> entities = IntStream.range(0, 12_000).mapToObj(i -> "c" + i).toList();
        writeFormat3(folder, entities);
        // what the step commits before a crash: the first 5,000 keys in format 4, their groups' indexes, the progress
        try (Options options = new Options().setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, folder.toString());
             org.rocksdb.RocksIterator it = db.newIterator();
             org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
             org.rocksdb.WriteOptions writeOptions = new org.rocksdb.WriteOptions()) {
            EmbeddedFormat.ToFormat4 toFormat4 = new EmbeddedFormat.ToFormat4(db);
            byte[] last = null;
            int converted = 0;
            for (it.seekToFirst(); it.isValid() && converted < 5_000; it.next()) {
                if (it.key()[0] != 0) {
                    batch.put(it.key(), toFormat4.convert(it.key(), it.value(), batch));
                    last = it.key();
                    converted++;
                }
            }
            batch.put("\0upgraded-4-up-to".getBytes(StandardCharsets.UTF_8), last);
            db.write(writeOptions, batch);
        }

        assertUpgradedFormat3(folder, entities);
    }

    /**
     * The store {@link #writeFormat3} wrote, once opened: every value with its version, also of a feature the group no
     * longer declares, in both groups; writes after the upgrade follow the rule per feature.
     */
    private static void assertUpgradedFormat3(Path folder, List<String> entities) throws Exception {
        FeatureGroup group = TestGroups.wide(java.util.Optional.empty());
        List<String> features = List.of("lifetime_value", "orders", "segment", "is_vip", "first_order_at", "balance",
                "dropped");
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            List<Map<String, StoredValue>> read = store.read(group.name(), entities, features);
            for (int e = 0; e < entities.size(); e++) {
                assertThat(read.get(e)).as(entities.get(e)).isEqualTo(format3Values(e));
            }
            assertThat(store.read("last_order", List.of("c1", "c2"), List.of("last_order_amount", "orders")))
                    .containsExactly(Map.of("last_order_amount", new StoredValue(1.0, T1)),
                            Map.of("last_order_amount", new StoredValue(2.0, T1)));
            Object[] row = {9.5d, 9L, "new", true, T3, new BigDecimal("9.99")};
            store.writeRows(group, List.of(new FeatureRow("c0", T1, row), new FeatureRow("c1", T1, row)), I3);
            store.writeRows(group, List.of(new FeatureRow("c2", T1, row)), I1);
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(folder)) {
            List<Map<String, StoredValue>> read = store.read(group.name(), List.of("c0", "c1", "c2"), features);
            for (int e = 0; e < 2; e++) {
                Map<String, StoredValue> expected = new java.util.HashMap<>(format3Values(e));
                String[] replaced = {"orders", "segment", "is_vip", "first_order_at", "balance"};
                for (int f = 0; f < replaced.length; f++) {
                    expected.put(replaced[f], new StoredValue(new Object[] {9L, "new", true, T3,
                            new BigDecimal("9.99")}[f], T1));
                }
                assertThat(read.get(e)).as("(T1, I3) replaces the features stored at (T1, I2), not the one at T2")
                        .isEqualTo(expected);
            }
            assertThat(read.get(2)).as("(T1, I1) is older than every stored version").isEqualTo(format3Values(2));
        }
        try (Options options = new Options(); RocksDB db = RocksDB.open(options, folder.toString())) {
            assertThat(new String(db.get("\0format".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                    .isEqualTo("4");
            assertThat(db.get("\0upgraded-4-up-to".getBytes(StandardCharsets.UTF_8))).isNull();
            assertThat(GroupNames.decode(db.get(GroupNames.key("last_order"))).size()).isEqualTo(1);
        }
    }

    /** Entity {@code e} of group customer_metrics as {@link #writeFormat3} wrote it. */
    private static Map<String, StoredValue> format3Values(int e) {
        Map<String, StoredValue> values = new java.util.HashMap<>(Map.of(
                "lifetime_value", new StoredValue(e * 0.5, T2),
                "orders", new StoredValue((long) e, T1),
                "segment", new StoredValue(e % 2 == 0 ? "gold ☕" : null, T1),
                "is_vip", new StoredValue(e % 3 == 0, T1),
                "first_order_at", new StoredValue(T1.plusSeconds(e), T1),
                "balance", new StoredValue(new BigDecimal(e + ".25").negate(), T1)));
        if (e % 2 == 1) {
            values.put("dropped", new StoredValue(-1L, T1.minusSeconds(60)));
        }
        return values;
    }

    /**
     * What FStore wrote in format 3, built by hand: per feature its name, ingestion time and ValueCodec bytes. Group
     * customer_metrics: lifetime_value at (T2, I1), every other feature at (T1, I2); odd entities list their features
     * in another order and hold one the group no longer declares. Group last_order: two entities.
     */
    private static void writeFormat3(Path folder, List<String> entities) throws Exception {
        Files.createDirectories(folder);
        try (Options options = new Options().setCreateIfMissing(true).setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, folder.toString())) {
            for (int e = 0; e < entities.size(); e++) {
                Map<String, StoredValue> values = format3Values(e);
                List<String> order = new java.util.ArrayList<>(List.of("lifetime_value", "orders", "segment", "is_vip",
                        "first_order_at", "balance"));
                if (e % 2 == 1) {
                    java.util.Collections.reverse(order);
                    order.add(2, "dropped");
                }
                db.put(("customer_metrics\0" + entities.get(e)).getBytes(StandardCharsets.UTF_8),
                        format3(order, values, name -> name.equals("lifetime_value") ? I1 : I2));
            }
            for (int e = 1; e <= 2; e++) {
                db.put(("last_order\0c" + e).getBytes(StandardCharsets.UTF_8), format3(List.of("last_order_amount"),
                        Map.of("last_order_amount", new StoredValue((double) e, T1)), name -> I1));
            }
            db.put("\0format".getBytes(StandardCharsets.UTF_8), "3".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] format3(List<String> order, Map<String, StoredValue> values,
                                  java.util.function.Function<String, Instant> ingested) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.writeShort(order.size());
            for (String name : order) {
                byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
                StoredValue value = values.get(name);
                byte[] codec = ValueCodec.encode(value.value(), value.eventTimestamp());
                out.writeShort(utf8.length);
                out.write(utf8);
                out.writeLong(Timestamps.toMicros(ingested.apply(name)));
                out.writeInt(codec.length);
                out.write(codec);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void a_store_of_a_newer_format_is_refused_and_left_as_it_is(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("online");
        Files.createDirectories(folder);
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, folder.toString())) {
            db.put("\0format".getBytes(StandardCharsets.UTF_8), "5".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> new EmbeddedOnlineStore(folder)).hasMessageContaining(folder.toString())
                .hasMessageContaining("newer FStore (format 5, this one reads up to 4)");
        try (Options options = new Options(); RocksDB db = RocksDB.open(options, folder.toString())) {
            assertThat(new String(db.get("\0format".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                    .isEqualTo("5");
        }
    }

    @Test
    void values_survive_a_restart_and_unknown_entities_read_empty(@TempDir Path dir) {
        FeatureGroup group = TestGroups.wide(java.util.Optional.empty());
        Path file = dir.resolve("online");
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(file)) {
            store.create(group);
            store.writeRows(group, List.of(new FeatureRow("c1", T1, new Object[] {null, 3L, "hello", true, T2,
                    new BigDecimal("1.25")})), I1);
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(file)) {
            List<Map<String, StoredValue>> read = store.read(group.name(), List.of("c1", "nobody"),
                    List.of("segment", "lifetime_value", "z"));

            assertThat(read.get(0)).containsOnly(Map.entry("segment", new StoredValue("hello", T1)),
                    Map.entry("lifetime_value", new StoredValue(null, T1)));
            assertThat(read.get(1)).isEmpty();
        }
    }

    @Test
    void the_store_opened_from_its_settings_lives_in_the_folder_they_name(@TempDir Path dir) {
        FeatureGroup group = TestGroups.longForm();
        EmbeddedOnlineStoreConfig config = new EmbeddedOnlineStoreConfig(java.util.Optional.of(dir.resolve("elsewhere")), 16);
        try (OnlineStore store = OnlineStoreTypes.open(config, new OnlineStoreContext(dir.resolve("data"), n -> null))) {
            store.create(group);
            store.writeRows(group, List.of(new FeatureRow("c1", T1, new Object[] {1.0})), I1);
            assertThat(store.describe()).contains(dir.resolve("elsewhere").toString());
        }
        assertThat(dir.resolve("elsewhere").resolve("CURRENT")).exists();
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(EmbeddedOnlineStoreConfig.defaults().folder(dir)).isEqualTo(dir.resolve("online/embedded"));
    }

    @Test
    void a_chunk_of_rows_keeps_the_newest_row_per_entity_and_never_regresses_a_stored_value(@TempDir Path dir) {
        FeatureGroup group = TestGroups.longForm();
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir.resolve("online"))) {
            store.writeRows(group, List.of(new FeatureRow("c1", T2, new Object[] {2.0d})), Instant.now());
            store.writeRows(group, List.of(), Instant.now());
            store.writeRows(group, List.of(new FeatureRow("c1", T1, new Object[] {1.0d}),
                    new FeatureRow("c2", T1, new Object[] {5.0d}), new FeatureRow("c2", T2, new Object[] {6.0d}),
                    new FeatureRow("c2", T1, new Object[] {7.0d})), Instant.now());

            List<Map<String, StoredValue>> read = store.read(group.name(), List.of("c1", "c2"), List.of("last_order_amount"));

            assertThat(read.get(0).get("last_order_amount")).isEqualTo(new StoredValue(2.0d, T2));
            assertThat(read.get(1).get("last_order_amount")).isEqualTo(new StoredValue(6.0d, T2));
        }
    }

    @Test
    void every_value_type_round_trips_through_the_codec() {
        for (Object v : new Object[] {null, 42L, -1.5d, "naïve ☕", true, false, T2, new BigDecimal("-123.4500")}) {
            assertThat(ValueCodec.decode(ValueCodec.encode(v, T1))).isEqualTo(new StoredValue(v, T1));
        }
    }
}
