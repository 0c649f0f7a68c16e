package io.fstore.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fstore.TestGroups;
import io.fstore.source.cursor.OrderedCursor;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGStatement;

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

    /** The checkpoint side of incremental reads (moved out of the normalizer into the source's cursor). */
    private static OrderedCursor cursor() {
        return new OrderedCursor("ts", Optional.empty());
    }

    private static Map<String, Object> goodWide(String id, Object ts) {
        return row("customer_id", id, "lifetime_value", new BigDecimal("12.50"), "orders", 3L, "segment", "gold",
                "is_vip", true, "first_order_at", "2024-01-02T03:04:05Z", "balance", "7.13", "ts", ts);
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
        assertThat(chunk.quarantined().get(0).reason()).startsWith("missing column orders (the row has ");
    }

    @Test
    void incremental_bounds_are_the_last_value_and_the_greatest_value_below_it() {
        OrderedCursor.Position chunk = cursor().positionOf(List.of(goodWide("a", 1L), goodWide("b", 2L),
                goodWide("c", 3L), goodWide("d", 3L)));

        assertThat((Object) chunk.last()).isEqualTo(3L);
        assertThat((Object) chunk.belowLast()).isEqualTo(2L);
    }

    @Test
    void incremental_bound_below_last_is_null_when_every_row_has_the_same_value() {
        OrderedCursor.Position chunk = cursor().positionOf(List.of(goodWide("a", 5L), goodWide("b", 5L)));

        assertThat((Object) chunk.last()).isEqualTo(5L);
        assertThat((Object) chunk.belowLast()).isNull();
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
    // ---- each row is judged against its own columns (a chunk has no single layout) ----

    @ParameterizedTest(name = "row {0} of 3 lacks orders")
    @CsvSource({"0", "1", "2"})
    void a_row_lacking_a_column_is_quarantined_alone_wherever_it_sits_in_the_chunk(int lacking) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(goodWide("c" + i, "2024-03-01T00:00:00Z"));
        }
        rows.get(lacking).remove("orders");

        NormalizedChunk chunk = normalizer.normalize(rows);

        assertThat(chunk.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).startsWith("missing column orders (the row has ");
            assertThat(q.row()).isSameAs(rows.get(lacking));
        });
        assertThat(chunk.rows()).hasSize(2).allSatisfy(r -> {
            assertThat(r.entityId()).isNotEqualTo("c" + lacking);
            assertThat(r.values()).containsExactly(12.5d, 3L, "gold", true, Instant.parse("2024-01-02T03:04:05Z"),
                    new BigDecimal("7.13"));
        });
    }

    @Test
    void a_present_null_stays_a_null_value_next_to_a_row_that_lacks_the_column() {
        Map<String, Object> lacking = goodWide("c1", "2024-03-01T00:00:00Z");
        lacking.remove("segment");
        Map<String, Object> nullValued = goodWide("c2", "2024-03-01T00:00:00Z");
        nullValued.put("segment", null);

        NormalizedChunk chunk = normalizer.normalize(List.of(nullValued, lacking, nullValued));

        assertThat(chunk.quarantined()).extracting(QuarantinedRow::reason)
                .singleElement().asString().startsWith("missing column segment (the row has ");
        assertThat(chunk.rows()).hasSize(2).allSatisfy(r -> {
            assertThat(r.entityId()).isEqualTo("c2");
            assertThat(r.values()[2]).isNull();
            assertThat(r.values()[1]).isEqualTo(3L);
        });
    }

    @Test
    void rows_of_one_chunk_may_name_their_columns_in_different_cases() {
        Map<String, Object> upper = new HashMap<>();
        goodWide("c2", "2024-03-01T00:00:00Z").forEach((k, v) -> upper.put(k.toUpperCase(), v));

        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("c1", "2024-03-01T00:00:00Z"), upper,
                goodWide("c3", "2024-03-01T00:00:00Z")));

        assertThat(chunk.quarantined()).isEmpty();
        assertThat(chunk.rows()).extracting(FeatureRow::entityId).containsExactly("c1", "c2", "c3");
        assertThat(chunk.rows()).allSatisfy(r -> assertThat(r.values()[1]).isEqualTo(3L));
    }

    @Test
    void a_row_missing_several_columns_names_them_all() {
        Map<String, Object> r = goodWide("c1", "2024-03-01T00:00:00Z");
        r.remove("orders");
        r.remove("ts");

        NormalizedChunk chunk = normalizer.normalize(List.of(goodWide("c0", "2024-03-01T00:00:00Z"), r));

        assertThat(chunk.rows()).extracting(FeatureRow::entityId).containsExactly("c0");
        assertThat(chunk.quarantined().get(0).reason()).startsWith("missing columns ts, orders (the row has ");
    }

    // ---- timestamps: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z, read by their field values ----

    private static final String RANGE = "is outside the supported range 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999Z";

    static Stream<Arguments> timestampsOutOfRange() {
        return Stream.of(
                Arguments.of("ts", new Timestamp(PGStatement.DATE_POSITIVE_INFINITY), "timestamp ts: 'infinity' " + RANGE),
                Arguments.of("ts", new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY), "timestamp ts: '-infinity' " + RANGE),
                Arguments.of("ts", new java.sql.Date(PGStatement.DATE_POSITIVE_INFINITY), "timestamp ts: 'infinity' " + RANGE),
                Arguments.of("ts", new java.sql.Date(PGStatement.DATE_NEGATIVE_INFINITY), "timestamp ts: '-infinity' " + RANGE),
                Arguments.of("ts", Instant.parse("+10000-01-01T00:00:00Z"), "timestamp ts: '+10000-01-01T00:00:00Z' " + RANGE),
                Arguments.of("ts", Instant.parse("0000-12-31T23:59:59.999999Z"),
                        "timestamp ts: '0000-12-31T23:59:59.999999Z' " + RANGE),
                Arguments.of("ts", Instant.parse("9999-12-31T23:59:59.999999001Z"),
                        "timestamp ts: '9999-12-31T23:59:59.999999001Z' " + RANGE),
                Arguments.of("ts", LocalDateTime.MAX, "timestamp ts: '+999999999-12-31T23:59:59.999999999Z' " + RANGE),
                Arguments.of("ts", OffsetDateTime.parse("9999-12-31T23:00:00-01:00"),
                        "timestamp ts: '+10000-01-01T00:00:00Z' " + RANGE),
                Arguments.of("ts", LocalDate.of(0, 12, 31), "timestamp ts: '0000-12-31T00:00:00Z' " + RANGE),
                Arguments.of("ts", Long.MAX_VALUE, "timestamp ts: '+292278994-08-17T07:12:55.807Z' " + RANGE),
                Arguments.of("ts", "+10000-01-01T00:00:00Z", "timestamp ts: '+10000-01-01T00:00:00Z' " + RANGE),
                Arguments.of("first_order_at", new Timestamp(PGStatement.DATE_POSITIVE_INFINITY),
                        "feature first_order_at (timestamp): 'infinity' " + RANGE),
                Arguments.of("first_order_at", new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY),
                        "feature first_order_at (timestamp): '-infinity' " + RANGE),
                Arguments.of("first_order_at", "0000-01-01",
                        "feature first_order_at (timestamp): '0000-01-01T00:00:00Z' " + RANGE));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("timestampsOutOfRange")
    void a_timestamp_outside_the_supported_range_is_quarantined_with_its_reason(String column, Object value,
                                                                                  String reason) {
        assertQuarantined(column, value, reason);
    }

    static Stream<Arguments> timestampsKeptExactly() {
        return Stream.of(
                Arguments.of(Instant.parse("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z"),
                Arguments.of(Instant.parse("9999-12-31T23:59:59.999999Z"), "9999-12-31T23:59:59.999999Z"),
                Arguments.of(Timestamp.valueOf("0001-01-01 00:00:00"), "0001-01-01T00:00:00Z"),
                Arguments.of(Timestamp.valueOf("1500-03-01 12:34:56.123456"), "1500-03-01T12:34:56.123456Z"),
                Arguments.of(Timestamp.valueOf("1582-10-04 23:59:59.999999"), "1582-10-04T23:59:59.999999Z"),
                Arguments.of(Timestamp.valueOf("1582-10-15 00:00:00"), "1582-10-15T00:00:00Z"),
                Arguments.of(Timestamp.valueOf("9999-12-31 23:59:59.999999"), "9999-12-31T23:59:59.999999Z"),
                Arguments.of(java.sql.Date.valueOf("0001-01-01"), "0001-01-01T00:00:00Z"),
                Arguments.of(java.sql.Date.valueOf("1500-06-15"), "1500-06-15T00:00:00Z"),
                Arguments.of(java.sql.Date.valueOf("9999-12-31"), "9999-12-31T00:00:00Z"),
                Arguments.of(LocalDateTime.parse("0001-01-01T00:00:00"), "0001-01-01T00:00:00Z"),
                Arguments.of("1500-03-01T12:34:56.123456Z", "1500-03-01T12:34:56.123456Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestampsKeptExactly")
    void timestamps_in_range_are_kept_exactly_as_event_time_and_as_feature_value(Object value, String expected) {
        Map<String, Object> r = goodWide("c1", value);
        r.put("first_order_at", value);

        NormalizedChunk chunk = normalizer.normalize(List.of(r));

        assertThat(chunk.quarantined()).isEmpty();
        assertThat(chunk.rows().get(0).eventTimestamp()).isEqualTo(Instant.parse(expected));
        assertThat(chunk.rows().get(0).values()[4]).isEqualTo(Instant.parse(expected));
    }

    static Stream<Arguments> incrementalBounds() {
        Timestamp a = Timestamp.valueOf("2024-03-01 10:00:00");
        Timestamp b = Timestamp.valueOf("2024-03-02 10:00:00");
        Timestamp inf = new Timestamp(PGStatement.DATE_POSITIVE_INFINITY);
        Timestamp minusInf = new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY);
        Timestamp year10000 = Timestamp.valueOf(LocalDateTime.of(10000, 1, 1, 0, 0));
        return Stream.of(
                Arguments.of(List.of(a, b, inf), b, a),
                Arguments.of(List.of(a, inf, inf), a, null),
                Arguments.of(List.of(minusInf, a, b), b, a),
                Arguments.of(List.of(minusInf, a), a, null),
                Arguments.of(List.of(inf, inf), null, null),
                Arguments.of(List.of(minusInf, inf), null, null),
                Arguments.of(List.of(a, b, year10000), b, a));
    }

    @ParameterizedTest(name = "{0} -> last {1}, below last {2}")
    @MethodSource("incrementalBounds")
    void an_out_of_range_incremental_value_never_becomes_a_chunk_bound(List<Timestamp> values, Timestamp last,
                                                                        Timestamp belowLast) {
        List<Map<String, Object>> rows = new ArrayList<>();
        values.forEach(v -> rows.add(goodWide("c" + rows.size(), v)));

        OrderedCursor.Position position = cursor().positionOf(rows);
        NormalizedChunk chunk = normalizer.normalize(rows);

        assertThat(position == null ? null : (Object) position.last()).isEqualTo(last);
        assertThat(position == null ? null : (Object) position.belowLast()).isEqualTo(belowLast);
        assertThat(chunk.rows().size() + chunk.quarantined().size()).isEqualTo(values.size());
    }

    // ---- decimals: stored exactly or quarantined, never rounded; NaN and ±Infinity: quarantined ----

    private static final String BALANCE = "feature balance (decimal): ";
    private static final String TOO_FINE = "does not fit decimal(10,2): more than 2 digits after the decimal point "
            + "(values are never rounded)";
    private static final String TOO_LARGE = "does not fit decimal(10,2): more than 8 digits before the decimal point";
    private static final String LIFETIME = "feature lifetime_value (double): ";
    private static final String NOT_FINITE = "is not a finite number (NaN and ±Infinity are quarantined)";

    static Stream<Arguments> valuesThatDoNotFit() {
        return Stream.of(
                Arguments.of("balance", "7.125", BALANCE + "'7.125' " + TOO_FINE),
                Arguments.of("balance", new BigDecimal("7.125"), BALANCE + "'7.125' " + TOO_FINE),
                Arguments.of("balance", 7.125d, BALANCE + "'7.125' " + TOO_FINE),
                Arguments.of("balance", 7.125f, BALANCE + "'7.125' " + TOO_FINE),
                Arguments.of("balance", "0.001", BALANCE + "'0.001' " + TOO_FINE),
                Arguments.of("balance", "-0.0050", BALANCE + "'-0.0050' " + TOO_FINE),
                Arguments.of("balance", "1E-999999999", BALANCE + "'1E-999999999' " + TOO_FINE),
                Arguments.of("balance", "123456789.1", BALANCE + "'123456789.1' " + TOO_LARGE),
                Arguments.of("balance", "123456789", BALANCE + "'123456789' " + TOO_LARGE),
                Arguments.of("balance", 123456789L, BALANCE + "'123456789' " + TOO_LARGE),
                Arguments.of("balance", -123456789, BALANCE + "'-123456789' " + TOO_LARGE),
                Arguments.of("balance", new BigInteger("123456789"), BALANCE + "'123456789' " + TOO_LARGE),
                Arguments.of("balance", new BigDecimal("99999999.995"), BALANCE + "'99999999.995' " + TOO_FINE),
                Arguments.of("balance", 1.0e9d, BALANCE + "'1.0E9' " + TOO_LARGE),
                Arguments.of("balance", "1E+999999999", BALANCE + "'1E+999999999' " + TOO_LARGE),
                Arguments.of("balance", Double.NaN, BALANCE + "'NaN' (Double) " + NOT_FINITE),
                Arguments.of("balance", Double.POSITIVE_INFINITY, BALANCE + "'Infinity' (Double) " + NOT_FINITE),
                Arguments.of("balance", "NaN", BALANCE + "cannot read 'NaN' (String) as decimal"),
                Arguments.of("lifetime_value", Double.NaN, LIFETIME + "'NaN' (Double) " + NOT_FINITE),
                Arguments.of("lifetime_value", Double.POSITIVE_INFINITY, LIFETIME + "'Infinity' (Double) " + NOT_FINITE),
                Arguments.of("lifetime_value", Double.NEGATIVE_INFINITY, LIFETIME + "'-Infinity' (Double) " + NOT_FINITE),
                Arguments.of("lifetime_value", Float.NaN, LIFETIME + "'NaN' (Float) " + NOT_FINITE),
                Arguments.of("lifetime_value", "NaN", LIFETIME + "'NaN' (String) " + NOT_FINITE),
                Arguments.of("lifetime_value", "Infinity", LIFETIME + "'Infinity' (String) " + NOT_FINITE),
                Arguments.of("lifetime_value", " -Infinity", LIFETIME + "' -Infinity' (String) " + NOT_FINITE),
                Arguments.of("lifetime_value", "1e999", LIFETIME + "'1e999' (String) " + NOT_FINITE),
                Arguments.of("lifetime_value", new BigDecimal("1e400"), LIFETIME + "'1E+400' (BigDecimal) " + NOT_FINITE));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("valuesThatDoNotFit")
    @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_value_that_cannot_be_stored_exactly_is_quarantined_with_its_reason(String column, Object value,
                                                                              String reason) {
        assertQuarantined(column, value, reason);
    }

    static Stream<Arguments> decimalsThatFit() {
        return Stream.of(
                Arguments.of("7.1", "7.10"),
                Arguments.of("7.100", "7.10"),
                Arguments.of(" 7.13 ", "7.13"),
                Arguments.of(new BigDecimal("7.13"), "7.13"),
                Arguments.of(new BigDecimal("1.50E+2"), "150.00"),
                Arguments.of(7.5d, "7.50"),
                Arguments.of(0.1d, "0.10"),
                Arguments.of(0.25f, "0.25"),
                Arguments.of(12345678L, "12345678.00"),
                Arguments.of(3, "3.00"),
                Arguments.of(new BigInteger("-12345678"), "-12345678.00"),
                Arguments.of("-99999999.99", "-99999999.99"),
                Arguments.of("0E+50", "0.00"),
                Arguments.of("0E-50", "0.00"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("decimalsThatFit")
    void a_decimal_that_fits_is_stored_exactly_at_the_declared_scale(Object value, String expected) {
        Map<String, Object> r = goodWide("c1", "2024-03-01T00:00:00Z");
        r.put("balance", value);

        NormalizedChunk chunk = normalizer.normalize(List.of(r));

        assertThat(chunk.quarantined()).isEmpty();
        BigDecimal stored = (BigDecimal) chunk.rows().get(0).values()[5];
        assertThat(stored).isEqualTo(new BigDecimal(expected)); // equals: same value and same scale
    }

    @Test
    void finite_doubles_at_the_edges_are_kept() {
        Map<String, Object> r = goodWide("c1", "2024-03-01T00:00:00Z");
        r.put("lifetime_value", -Double.MAX_VALUE);
        Map<String, Object> s = goodWide("c2", "2024-03-01T00:00:00Z");
        s.put("lifetime_value", "4.9E-324");

        NormalizedChunk chunk = normalizer.normalize(List.of(r, s));

        assertThat(chunk.quarantined()).isEmpty();
        assertThat(chunk.rows()).extracting(row -> row.values()[0]).containsExactly(-Double.MAX_VALUE, Double.MIN_VALUE);
    }

    /** Without an incremental column: the rows' timestamps may be of different Java types here. */
    private void assertQuarantined(String column, Object value, String reason) {
        Map<String, Object> bad = goodWide("c2", "2024-03-01T00:00:00Z");
        bad.put(column, value);

        NormalizedChunk chunk = new FeatureNormalizer(TestGroups.wide(Optional.empty())).normalize(List.of(goodWide("c1", "2024-03-01T00:00:00Z"), bad));

        assertThat(chunk.rows()).extracting(FeatureRow::entityId).containsExactly("c1");
        assertThat(chunk.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo(reason);
            assertThat(q.row()).isSameAs(bad);
        });
    }

    // ---- the common field mapping: entity key path, mapped features, epoch units, created time ----

    private static FeatureNormalizer mapped(Optional<io.fstore.model.TimestampUnit> unit, Optional<String> created) {
        io.fstore.model.FieldMapping fields = new io.fstore.model.FieldMapping(Optional.of("customer.id"), "updated",
                unit, created, Map.of("orders", "stats.count", "segment", "profile.segment"));
        FeatureGroup g = new FeatureGroup("mapped", "", new io.fstore.model.Entity("customer", "customer_id"),
                new io.fstore.model.SourceSpec("mongodb", "docs", fields, Optional.empty(),
                        new io.fstore.model.SourceSpec.Sql("")),
                new io.fstore.model.Trigger.Cron("0 0 0 * * ?"), false, java.time.Duration.ZERO,
                List.of(io.fstore.model.Feature.of("orders", io.fstore.model.ValueType.LONG),
                        io.fstore.model.Feature.of("segment", io.fstore.model.ValueType.STRING)));
        return new FeatureNormalizer(g);
    }

    @Test
    void mapped_fields_are_read_from_their_source_paths() {
        NormalizedChunk chunk = mapped(Optional.empty(), Optional.empty()).normalize(List.of(row("customer.id", "c7",
                "updated", "2024-03-01T10:00:00Z", "stats.count", 4, "profile.segment", "gold", "orders", 99L)));

        assertThat(chunk.quarantined()).isEmpty();
        FeatureRow r = chunk.rows().get(0);
        assertThat(r.entityId()).isEqualTo("c7");
        assertThat(r.values()).containsExactly(4L, "gold");
    }

    @Test
    void a_record_missing_a_mapped_path_is_quarantined_naming_the_path() {
        NormalizedChunk chunk = mapped(Optional.empty(), Optional.empty()).normalize(List.of(row("customer.id", "c7",
                "updated", "2024-03-01T10:00:00Z", "stats.count", 4)));

        assertThat(chunk.rows()).isEmpty();
        assertThat(chunk.quarantined().get(0).reason()).startsWith("missing column profile.segment");
    }

    @ParameterizedTest
    @CsvSource({
        "SECONDS,1709287200,2024-03-01T10:00:00Z",
        "MILLIS,1709287200123,2024-03-01T10:00:00.123Z",
        "MICROS,1709287200123456,2024-03-01T10:00:00.123456Z",
    })
    void epoch_event_times_are_read_in_the_declared_unit(io.fstore.model.TimestampUnit unit, long epoch,
                                                          String expected) {
        NormalizedChunk chunk = mapped(Optional.of(unit), Optional.empty()).normalize(List.of(row("customer.id", "c1",
                "updated", epoch, "stats.count", 1L, "profile.segment", "x")));

        assertThat(chunk.rows().get(0).eventTimestamp()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void without_a_unit_a_microsecond_epoch_is_out_of_range_and_quarantined_not_misread() {
        NormalizedChunk chunk = mapped(Optional.empty(), Optional.empty()).normalize(List.of(row("customer.id", "c1",
                "updated", 1709287200123456L, "stats.count", 1L, "profile.segment", "x")));

        assertThat(chunk.rows()).isEmpty();
        assertThat(chunk.quarantined().get(0).reason()).contains("outside the supported range");
    }

    @Test
    void among_equal_entity_and_event_time_the_latest_created_record_comes_last() {
        Instant t = Instant.parse("2024-03-01T10:00:00Z");
        NormalizedChunk chunk = mapped(Optional.empty(), Optional.of("loaded")).normalize(List.of(
                row("customer.id", "c1", "updated", t, "stats.count", 2L, "profile.segment", "late",
                        "loaded", Instant.parse("2024-03-02T00:00:00Z")),
                row("customer.id", "c1", "updated", t, "stats.count", 1L, "profile.segment", "early",
                        "loaded", Instant.parse("2024-03-01T11:00:00Z"))));

        assertThat(chunk.rows()).extracting(r -> r.values()[1]).containsExactly("early", "late");
        assertThat(FeatureRow.newestPerEntity(chunk.rows())).singleElement()
                .satisfies(r -> assertThat(r.values()[1]).isEqualTo("late"));
    }
}
