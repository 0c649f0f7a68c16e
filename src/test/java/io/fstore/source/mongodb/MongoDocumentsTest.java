package io.fstore.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.fstore.TestGroups;
import io.fstore.model.Feature;
import io.fstore.model.ValueType;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.normalize.ValueCoercer;
import org.bson.BsonBinarySubType;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class MongoDocumentsTest {

    private static final ObjectId ID = new ObjectId("65a1b2c3d4e5f60718293a4b");
    private static final Instant UPDATED = Instant.parse("2024-03-01T10:15:30.123Z");

    private static Document customer() {
        return new Document("_id", ID)
                .append("customer_id", "c001")
                .append("orders", 42L)
                .append("visits", 7)
                .append("score", 0.75)
                .append("vip", true)
                .append("balance", new Decimal128(new BigDecimal("1234.50")))
                .append("updated_at", Date.from(UPDATED))
                .append("synced", new BsonTimestamp(1_709_287_200, 3))
                .append("tags", List.of("a", new Document("k", ID), 3L))
                .append("address", new Document("city", "Paris")
                        .append("geo", new Document("lat", 48.85).append("lon", 2.35)))
                .append("note", null);
    }

    @Test
    void nested_documents_spread_into_dotted_paths_with_java_types() {
        Map<String, Object> record = MongoDocuments.flatten(customer());

        assertThat(record).containsOnlyKeys("_id", "customer_id", "orders", "visits", "score", "vip", "balance",
                "updated_at", "synced", "tags", "address.city", "address.geo.lat", "address.geo.lon", "note");
        assertThat(record.get("_id")).isEqualTo("65a1b2c3d4e5f60718293a4b");
        assertThat(record.get("customer_id")).isEqualTo("c001");
        assertThat(record.get("orders")).isEqualTo(42L);
        assertThat(record.get("visits")).isEqualTo(7);
        assertThat(record.get("score")).isEqualTo(0.75);
        assertThat(record.get("vip")).isEqualTo(true);
        assertThat(record.get("balance")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(record.get("updated_at")).isEqualTo(UPDATED);
        assertThat(record.get("synced")).isEqualTo(Instant.ofEpochSecond(1_709_287_200));
        assertThat(record.get("tags")).isEqualTo(List.of("a", Map.of("k", "65a1b2c3d4e5f60718293a4b"), 3L));
        assertThat(record.get("address.city")).isEqualTo("Paris");
        assertThat(record.get("address.geo.lat")).isEqualTo(48.85);
        assertThat(record.get("address.geo.lon")).isEqualTo(2.35);
    }

    @Test
    void an_explicit_null_stays_null_and_a_missing_field_stays_absent() {
        Map<String, Object> record = MongoDocuments.flatten(customer());
        Map<String, Object> picked = MongoDocuments.forPaths(List.of("note", "missing", "address.zip")).flatten(customer());

        assertThat(record).containsEntry("note", null).doesNotContainKey("missing");
        assertThat(picked).containsOnlyKeys("note");
        assertThat(picked.get("note")).isNull();
    }

    @Test
    void a_path_flattener_reads_only_its_paths() {
        MongoDocuments.Flattener f = MongoDocuments.forPaths(
                List.of("customer_id", "address.geo.lat", "updated_at", "balance", "tags.1.k", "tags.2", "tags.9"));

        Map<String, Object> record = f.flatten(customer());

        assertThat(record).containsOnly(
                Map.entry("customer_id", "c001"),
                Map.entry("address.geo.lat", 48.85),
                Map.entry("updated_at", UPDATED),
                Map.entry("balance", new BigDecimal("1234.50")),
                Map.entry("tags.1.k", "65a1b2c3d4e5f60718293a4b"),
                Map.entry("tags.2", 3L));
    }

    @Test
    void a_path_naming_an_embedded_document_gives_its_json_and_a_path_through_a_scalar_or_null_is_missing() {
        Document doc = new Document("address", new Document("city", "Paris")).append("name", "x")
                .append("gone", null);

        Map<String, Object> record = MongoDocuments.forPaths(List.of("address", "name.first", "gone.city"))
                .flatten(doc);

        assertThat(record).containsOnly(Map.entry("address", "{\"city\": \"Paris\"}"));
    }

    @Test
    void a_field_name_with_dots_reads_as_the_path_it_spells() {
        Document doc = new Document("a.b", 1).append("c", new Document("d.e", 2));

        assertThat(MongoDocuments.flatten(doc)).containsOnly(Map.entry("a.b", 1), Map.entry("c.d.e", 2));
        assertThat(MongoDocuments.forPaths(List.of("a.b", "c.d.e")).flatten(doc))
                .containsOnly(Map.entry("a.b", 1));
    }

    @Test
    void an_empty_embedded_document_has_no_leaves() {
        assertThat(MongoDocuments.flatten(new Document("address", new Document()).append("x", 1)))
                .containsOnly(Map.entry("x", 1));
    }

    @Test
    void decimal128_nan_and_infinity_become_double_values_the_normalizer_quarantines() {
        assertThat(MongoDocuments.value(Decimal128.NaN)).isEqualTo(Double.NaN);
        assertThat(MongoDocuments.value(Decimal128.NEGATIVE_NaN)).isEqualTo(Double.NaN);
        assertThat(MongoDocuments.value(Decimal128.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(MongoDocuments.value(Decimal128.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);

        Feature decimal = new Feature("balance", ValueType.DECIMAL, "", 10, 2);
        for (Feature f : List.of(decimal, Feature.of("x", ValueType.DOUBLE), Feature.of("x", ValueType.LONG))) {
            assertThatThrownBy(() -> ValueCoercer.coerce(f, MongoDocuments.value(Decimal128.NaN)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'NaN' (Double) is not a finite number (NaN and ±Infinity are quarantined)");
        }
        assertThatThrownBy(() -> ValueCoercer.coerce(decimal, MongoDocuments.value(Decimal128.NEGATIVE_INFINITY)))
                .hasMessage("'-Infinity' (Double) is not a finite number (NaN and ±Infinity are quarantined)");
    }

    @Test
    void decimal128_negative_zero_is_zero_with_its_scale() {
        Object zero = MongoDocuments.value(Decimal128.parse("-0.00"));

        assertThat(zero).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void a_standard_uuid_is_its_text_other_binary_stays_bytes_and_undefined_is_null() {
        UUID uuid = UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962");
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();

        assertThat(MongoDocuments.value(new Binary(BsonBinarySubType.UUID_STANDARD, bytes))).isEqualTo(uuid.toString());
        assertThat(MongoDocuments.value(uuid)).isEqualTo(uuid.toString());
        assertThat(MongoDocuments.value(new Binary(new byte[] {1, 2}))).isEqualTo(new byte[] {1, 2});
        assertThat(MongoDocuments.value(new BsonUndefined())).isNull();
        assertThatThrownBy(() -> ValueCoercer.coerce(Feature.of("s", ValueType.STRING), new byte[] {1}))
                .hasMessage("cannot read binary data as string");
    }

    @Test
    void the_normalizer_quarantines_a_document_missing_a_feature_and_keeps_one_with_an_explicit_null() {
        FeatureNormalizer normalizer = new FeatureNormalizer(TestGroups.wide(Optional.empty()));
        Document full = new Document("customer_id", "c1").append("ts", Date.from(UPDATED))
                .append("lifetime_value", 10.5).append("orders", 3L).append("segment", "gold")
                .append("is_vip", false).append("first_order_at", Date.from(UPDATED))
                .append("balance", new Decimal128(new BigDecimal("7.25")));
        Document withNull = new Document(full).append("segment", null);
        Document missing = new Document(full);
        missing.remove("segment");

        NormalizedChunk chunk = normalizer.normalize(List.of(MongoDocuments.flatten(full),
                MongoDocuments.flatten(withNull), MongoDocuments.flatten(missing)));

        assertThat(chunk.rows()).hasSize(2);
        // features in order: lifetime_value, orders, segment, is_vip, first_order_at, balance
        assertThat(chunk.rows().get(0).entityId()).isEqualTo("c1");
        assertThat(chunk.rows().get(0).eventTimestamp()).isEqualTo(UPDATED);
        assertThat(chunk.rows().get(0).values())
                .containsExactly(10.5, 3L, "gold", false, UPDATED, new BigDecimal("7.25"));
        assertThat(chunk.rows().get(1).values())
                .containsExactly(10.5, 3L, null, false, UPDATED, new BigDecimal("7.25"));
        assertThat(chunk.quarantined()).hasSize(1);
        assertThat(chunk.quarantined().get(0).reason()).startsWith("missing column segment (the row has ");
    }
}
