package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.fstore.model.FeatureRecord;
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

    private static FeatureRecord rec(String entity, String feature, Object value, Instant ts) {
        return new FeatureRecord("g", feature, entity, value, ts);
    }

    @Test
    void writes_newest_event_when_events_arrive_out_of_order_and_the_later_call_on_ties(@TempDir Path dir) {
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir.resolve("online"))) {
            store.write(List.of(rec("c1", "x", 2L, T2)));
            store.write(List.of(rec("c1", "x", 3L, T2), rec("c1", "x", 1L, T1)));

            assertThat(store.read("g", List.of("c1"), List.of("x")).get(0).get("x"))
                    .isEqualTo(new StoredValue(3L, T2));
        }
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
            EntityValues.putOrderedMicros(buf, Timestamps.toMicros(event));
            buf.putShort((short) 1).putShort((short) name.length).put(name).putInt(value.length).put(value);
            for (String entity : entities) {
                db.merge((group + "\0" + entity).getBytes(StandardCharsets.UTF_8), buf.array());
            }
        }
    }

    @Test
    void values_survive_a_restart_and_unknown_entities_read_empty(@TempDir Path dir) {
        Path file = dir.resolve("online");
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(file)) {
            store.write(List.of(rec("c1", "x", "hello", T1), rec("c1", "y", null, T1)));
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(file)) {
            List<Map<String, StoredValue>> read = store.read("g", List.of("c1", "nobody"), List.of("x", "y", "z"));

            assertThat(read.get(0)).containsEntry("x", new StoredValue("hello", T1))
                    .containsEntry("y", new StoredValue(null, T1)).doesNotContainKey("z");
            assertThat(read.get(1)).isEmpty();
        }
    }

    @Test
    void deleting_a_group_leaves_other_groups(@TempDir Path dir) {
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir.resolve("online"))) {
            store.write(List.of(rec("c1", "x", 1L, T1), new FeatureRecord("g2", "x", "c1", 2L, T1)));

            store.deleteGroup("g");

            assertThat(store.read("g", List.of("c1"), List.of("x")).get(0)).isEmpty();
            assertThat(store.read("g2", List.of("c1"), List.of("x")).get(0)).containsKey("x");
        }
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
