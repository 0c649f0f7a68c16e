package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import org.junit.jupiter.api.Test;

class RowFingerprintTest {

    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void equal_values_give_equal_fingerprints_whatever_the_entity_or_event_time() {
        RowFingerprint f = new RowFingerprint(group(ValueType.STRING, ValueType.STRING));

        assertThat(f.of(row("c1", T, "a", "b"))).isEqualTo(f.of(row("c2", T.plusSeconds(5), "a", "b")));
    }

    @Test
    void values_that_differ_only_in_where_a_string_ends_or_in_null_give_different_fingerprints() {
        RowFingerprint f = new RowFingerprint(group(ValueType.STRING, ValueType.STRING));

        assertThat(List.of(f.of(row("c", T, "ab", "c")), f.of(row("c", T, "a", "bc")), f.of(row("c", T, "", "abc")),
                f.of(row("c", T, null, "abc")), f.of(row("c", T, "abc", null)))).doesNotHaveDuplicates();
    }

    @Test
    void timestamps_compare_at_the_microsecond_parquet_stores_and_decimals_by_value_and_scale() {
        RowFingerprint f = new RowFingerprint(group(ValueType.TIMESTAMP, ValueType.DECIMAL));

        assertThat(f.of(row("c", T, T.plusNanos(1_000_100), new BigDecimal("1.50"))))
                .isEqualTo(f.of(row("c", T, T.plusNanos(1_000_900), new BigDecimal("1.50"))));
        assertThat(f.of(row("c", T, T, new BigDecimal("1.50")))).isNotEqualTo(f.of(row("c", T, T, new BigDecimal("1.51"))));
        assertThat(f.of(row("c", T, T.plusNanos(1_000), new BigDecimal("1.50"))))
                .isNotEqualTo(f.of(row("c", T, T, new BigDecimal("1.50"))));
    }

    @Test
    void a_changed_column_layout_changes_the_fingerprint_of_the_same_values() {
        FeatureRow row = row("c", T, 1L, 2L);

        assertThat(new RowFingerprint(group(ValueType.LONG, ValueType.LONG)).of(row))
                .isNotEqualTo(new RowFingerprint(group("x", ValueType.LONG, ValueType.LONG)).of(row));
    }

    @Test
    void a_value_larger_than_the_initial_buffer_is_hashed_whole() {
        RowFingerprint f = new RowFingerprint(group(ValueType.STRING, ValueType.STRING));
        String big = "x".repeat(5_000);

        assertThat(f.of(row("c", T, big, "a"))).isEqualTo(f.of(row("c", T, big, "a")))
                .isNotEqualTo(f.of(row("c", T, big, "b")));
    }

    private static FeatureGroup group(ValueType a, ValueType b) {
        return group("a", a, b);
    }

    private static FeatureGroup group(String firstName, ValueType a, ValueType b) {
        return new FeatureGroup("g", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 * * * * ?"), false,
                Duration.ZERO, List.of(new Feature(firstName, a, "", 10, 2), new Feature("b", b, "", 10, 2)));
    }

    private static FeatureRow row(String entity, Instant event, Object a, Object b) {
        return new FeatureRow(entity, event, new Object[] {a, b});
    }
}
