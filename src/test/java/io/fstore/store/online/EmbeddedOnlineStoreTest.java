package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void writes_newest_event_when_events_arrive_out_of_order(@TempDir Path dir) {
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir.resolve("online"))) {
            store.write(List.of(rec("c1", "x", 2L, T2)));
            store.write(List.of(rec("c1", "x", 1L, T1), rec("c1", "x", 3L, T2)));

            assertThat(store.read("g", List.of("c1"), List.of("x")).get(0).get("x"))
                    .isEqualTo(new StoredValue(2L, T2));
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
            store.writeRows(group, List.of(new FeatureRow("c1", T2, new Object[] {2.0d})), java.time.Instant.now());
            store.writeRows(group, List.of(), java.time.Instant.now());
            store.writeRows(group, List.of(new FeatureRow("c1", T1, new Object[] {1.0d}),
                    new FeatureRow("c2", T1, new Object[] {5.0d}), new FeatureRow("c2", T2, new Object[] {6.0d}),
                    new FeatureRow("c2", T1, new Object[] {7.0d})), java.time.Instant.now());

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
