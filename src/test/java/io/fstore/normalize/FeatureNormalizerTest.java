package io.fstore.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureNormalizerTest {

    private final FeatureGroup wide = TestGroups.wide(Optional.of("ts"));
    private final FeatureNormalizer normalizer = new FeatureNormalizer(wide);

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> goodWide(String id, Object ts) {
        return row("customer_id", id, "lifetime_value", new BigDecimal("12.50"), "orders", 3L, "segment", "gold",
                "is_vip", true, "first_order_at", "2024-01-02T03:04:05Z", "balance", "7.125", "ts", ts);
    }

    @Test
    void wide_row_becomes_typed_feature_row_in_declared_order() {
        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("c1", Timestamp.from(Instant.parse("2024-03-01T10:00:00Z")))));

        assertThat(chunk.quarantined()).isEmpty();
        FeatureRow r = chunk.rows().get(0);
        assertThat(r.entityId()).isEqualTo("c1");
        assertThat(r.eventTimestamp()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(r.values()).containsExactly(12.5d, 3L, "gold", true, Instant.parse("2024-01-02T03:04:05Z"),
                new BigDecimal("7.13"));
        assertThat(r.records(wide)).hasSize(6).first()
                .satisfies(rec -> {
                    assertThat(rec.featureGroup()).isEqualTo("customer_metrics");
                    assertThat(rec.feature()).isEqualTo("lifetime_value");
                    assertThat(rec.value()).isEqualTo(12.5d);
                });
    }

    @Test
    void column_names_match_whatever_case_the_database_returns() {
        Map<String, Object> upper = new HashMap<>();
        goodWide("c1", "2024-03-01 10:00:00").forEach((k, v) -> upper.put(k.toUpperCase(), v));

        NormalizedChunk chunk = normalizer.normalize(List.of(upper));

        assertThat(chunk.quarantined()).isEmpty();
        assertThat(chunk.rows().get(0).values()[1]).isEqualTo(3L);
    }

    @Test
    void long_form_maps_entity_id_and_value_to_the_single_feature() {
        FeatureNormalizer longForm = new FeatureNormalizer(TestGroups.longForm());

        NormalizedChunk chunk = longForm.normalize(List.of(
                row("entity_id", 42, "value", 9.5f, "timestamp", LocalDateTime.parse("2024-05-01T00:00:00"))));

        FeatureRow r = chunk.rows().get(0);
        assertThat(r.entityId()).isEqualTo("42");
        assertThat(r.values()).containsExactly(9.5d);
        assertThat(r.eventTimestamp()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void timestamps_with_an_offset_are_normalized_to_utc() {
        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("c1", OffsetDateTime.parse("2024-03-01T12:00:00+02:00"))));

        assertThat(chunk.rows().get(0).eventTimestamp()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    }

    @Test
    void null_feature_values_are_kept_as_null() {
        Map<String, Object> r = goodWide("c1", "2024-03-01T00:00:00Z");
        r.put("segment", null);
        r.put("orders", null);

        FeatureRow out = normalizer.normalize(List.of(r)).rows().get(0);

        assertThat(out.values()[1]).isNull();
        assertThat(out.values()[2]).isNull();
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "customer_id|<null>|entity key customer_id is null",
        "ts|<null>|timestamp ts is null",
        "ts|yesterday|timestamp ts: cannot read 'yesterday' as a timestamp",
        "orders|3.5|feature orders (long): cannot read '3.5' (String) as long: it has a fraction",
        "orders|many|feature orders (long): cannot read 'many' (String) as long",
        "lifetime_value|lots|feature lifetime_value (double): cannot read 'lots' (String) as double",
        "is_vip|maybe|feature is_vip (bool): cannot read 'maybe' (String) as bool",
        "balance|123456789.1|feature balance (decimal): '123456789.1' does not fit decimal(10,2)",
    })
    void a_bad_row_is_quarantined_with_its_reason_and_the_rest_still_flow(String column, String value, String reason) {
        Map<String, Object> bad = goodWide("c2", "2024-03-01T00:00:00Z");
        bad.put(column, "<null>".equals(value) ? null : value);

        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("c1", "2024-03-01T00:00:00Z"), bad));

        assertThat(chunk.rows()).extracting(FeatureRow::entityId).containsExactly("c1");
        assertThat(chunk.quarantined()).hasSize(1);
        assertThat(chunk.quarantined().get(0).reason()).startsWith(reason);
        assertThat(chunk.quarantined().get(0).row()).isSameAs(bad);
        assertThat(chunk.sourceRows()).isEqualTo(2);
    }

    @Test
    void rows_missing_a_column_are_quarantined_naming_the_column() {
        Map<String, Object> r = goodWide("c1", "2024-03-01T00:00:00Z");
        r.remove("orders");

        NormalizedChunk chunk = normalizer.normalize(List.of(r));

        assertThat(chunk.rows()).isEmpty();
        assertThat(chunk.quarantined().get(0).reason()).startsWith("missing column(s) orders");
    }

    @Test
    void incremental_bounds_are_the_last_value_and_the_greatest_value_below_it() {
        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("a", 1L), goodWide("b", 2L), goodWide("c", 3L),
                goodWide("d", 3L)));

        assertThat((Object) chunk.lastIncremental()).isEqualTo(3L);
        assertThat((Object) chunk.belowLastIncremental()).isEqualTo(2L);
    }

    @Test
    void incremental_bound_below_last_is_null_when_every_row_has_the_same_value() {
        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("a", 5L), goodWide("b", 5L)));

        assertThat((Object) chunk.lastIncremental()).isEqualTo(5L);
        assertThat((Object) chunk.belowLastIncremental()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "2024-03-01T10:00:00Z,2024-03-01T10:00:00Z",
        "2024-03-01 10:00:00,2024-03-01T10:00:00Z",
        "2024-03-01T10:00:00.123456,2024-03-01T10:00:00.123456Z",
        "2024-03-01T12:00:00+02:00,2024-03-01T10:00:00Z",
        "2024-03-01,2024-03-01T00:00:00Z",
    })
    void timestamp_strings_are_read_as_utc(String text, String expected) {
        assertThat(Timestamps.toInstant(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void epoch_numbers_are_seconds_or_milliseconds_by_magnitude() {
        assertThat(Timestamps.toInstant(1_700_000_000L)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(Timestamps.toInstant(1_700_000_000_123L)).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    }

    @Test
    void micros_round_trip() {
        Instant t = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(Timestamps.fromMicros(Timestamps.toMicros(t))).isEqualTo(t);
    }
}
