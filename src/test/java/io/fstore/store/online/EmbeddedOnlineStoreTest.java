package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
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
