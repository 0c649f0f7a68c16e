package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The read path's decoder picks exactly the wanted features, whatever order the slots were stored in. */
class EntityValuesTest {

    private static final Instant T = Instant.parse("2024-06-30T10:00:00Z");

    private static byte[] entity(String... names) {
        Map<String, EntityValues.Slot> slots = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            slots.put(names[i], new EntityValues.Slot(7L, ValueCodec.encode((double) i, T.plusSeconds(i))));
        }
        return EntityValues.encode(slots);
    }

    private static Map<String, StoredValue> select(byte[] bytes, String... wanted) {
        byte[][] names = new byte[wanted.length][];
        for (int i = 0; i < wanted.length; i++) {
            names[i] = wanted[i].getBytes(StandardCharsets.UTF_8);
        }
        return EntityValues.select(bytes, names, List.of(wanted));
    }

    @Test
    void wanted_features_in_stored_order_are_decoded() {
        assertThat(select(entity("a", "b", "c"), "a", "b", "c")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", new StoredValue(0.0, T), "b", new StoredValue(1.0, T.plusSeconds(1)),
                "c", new StoredValue(2.0, T.plusSeconds(2))));
    }

    @Test
    void other_orders_subsets_unknown_and_prefix_names_are_told_apart() {
        byte[] stored = entity("total", "tot", "é", "orders");
        assertThat(select(stored, "orders", "é", "totalx", "to")).containsOnlyKeys("orders", "é");
        assertThat(select(stored, "orders", "é").get("é")).isEqualTo(new StoredValue(2.0, T.plusSeconds(2)));
        assertThat(select(stored, "tot").get("tot")).isEqualTo(new StoredValue(1.0, T.plusSeconds(1)));
    }

    @Test
    void no_entity_has_no_values() {
        assertThat(select(null, "a")).isEmpty();
    }
}
