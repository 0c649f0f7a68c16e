package io.fstore.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.normalize.FeatureNormalizer;
import org.junit.jupiter.api.Test;

class SampleCheckTest {

    private final FeatureGroup group = TestGroups.wide(Optional.empty());

    private static Map<String, Object> row(String id, Object orders, String extra) {
        Map<String, Object> m = new HashMap<>(Map.of("CUSTOMER_ID", id, "lifetime_value", 1.5, "orders", orders,
                "segment", "gold", "is_vip", true, "first_order_at", "2024-01-02T03:04:05Z", "balance", "7.13",
                "ts", "2024-03-01T10:00:00Z"));
        if (extra != null) {
            m.put(extra, "x");
        }
        return m;
    }

    private SampleCheck check(List<Map<String, Object>> records) {
        return SampleCheck.of(new SourceSample(group, records, new FeatureNormalizer(group).normalize(records),
                Optional.empty()));
    }

    @Test
    void rows_that_read_as_declared_are_ok_and_unused_fields_are_listed_once() {
        SampleCheck c = check(List.of(row("c1", 3L, "region"), row("c2", 4, "region"), row("c3", "5", "email")));

        assertThat(c.ok()).isTrue();
        assertThat(c.rowsRead()).isEqualTo(3);
        assertThat(c.unused()).containsExactly("region", "email");
    }

    @Test
    void each_distinct_problem_is_given_once_with_how_many_rows_have_it() {
        Map<String, Object> noBalance = row("c4", 1L, null);
        noBalance.remove("balance");
        SampleCheck c = check(List.of(row("c1", "many", null), row("c2", "many", null), row("c3", 2L, null),
                noBalance));

        assertThat(c.ok()).isFalse();
        assertThat(c.problems()).containsExactly(
                "feature orders (long): cannot read 'many' (String) as long (2 of 4 rows)",
                "missing column balance (the row has " + String.join(", ", noBalance.keySet()) + ") (1 of 4 rows)");
    }

    @Test
    void more_than_five_kinds_of_problem_are_counted_not_listed() {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row("c" + i, "bad-" + i, null));
        }

        SampleCheck c = check(rows);

        assertThat(c.problems()).hasSize(6).last().isEqualTo("and 3 more kinds of problem");
        assertThat(c.problems().get(0)).isEqualTo("feature orders (long): cannot read 'bad-0' (String) as long "
                + "(1 of 8 rows)");
    }

    @Test
    void a_source_that_cannot_be_read_is_the_one_problem() {
        SampleCheck c = SampleCheck.of(SourceSample.failed(group, "Connection refused"));

        assertThat(c.problems()).containsExactly("cannot read the source: Connection refused");
        assertThat(c.rowsRead()).isZero();
    }
}
