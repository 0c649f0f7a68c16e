package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.normalize.Timestamps;
import org.apache.parquet.column.values.bloomfilter.XxHash;
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

    @Test
    void fingerprints_are_those_earlier_versions_stored_so_an_upgrade_rewrites_nothing() {
        FeatureGroup decimals = group(ValueType.DECIMAL, ValueType.DECIMAL);
        RowFingerprint f = new RowFingerprint(decimals);
        for (String d : List.of("0", "0.00", "1.50", "-1.50", "127", "128", "-128", "-129", "32767", "-32769",
                "99999999.99", "-99999999.99", "9223372036854775807", "-9223372036854775808", "12345678901234567890.5",
                "-0.01", "1E+3")) {
            FeatureRow row = row("c", T, new BigDecimal(d), null);
            assertThat(f.of(row)).as(d).isEqualTo(byteBufferFingerprint(decimals, row));
        }
        FeatureGroup strings = group(ValueType.STRING, ValueType.TIMESTAMP);
        FeatureRow text = row("c", T, "Zoë ✓ \uD83D\uDE00", T.plusNanos(123_456_789));
        assertThat(new RowFingerprint(strings).of(text)).isEqualTo(byteBufferFingerprint(strings, text));
        FeatureGroup numbers = group(ValueType.LONG, ValueType.DOUBLE);
        FeatureRow negative = row("c", T, -42L, -0.5);
        assertThat(new RowFingerprint(numbers).of(negative)).isEqualTo(byteBufferFingerprint(numbers, negative));
        FeatureGroup flags = group(ValueType.BOOL, ValueType.BOOL);
        FeatureRow bools = row("c", T, true, false);
        assertThat(new RowFingerprint(flags).of(bools)).isEqualTo(byteBufferFingerprint(flags, bools));
    }

    @Test
    void equal_lists_give_equal_fingerprints_whatever_list_class_holds_them() {
        RowFingerprint f = new RowFingerprint(group(ValueType.LIST_STRING, ValueType.LIST_LONG));

        assertThat(f.of(row("c", T, List.of("a", "b"), List.of(1L, 2L))))
                .isEqualTo(f.of(row("d", T, Collections.unmodifiableList(new ArrayList<>(List.of("a", "b"))),
                        Arrays.asList(1L, 2L))));
    }

    @Test
    void a_changed_moved_added_or_removed_element_changes_the_fingerprint() {
        RowFingerprint strings = new RowFingerprint(group(ValueType.LIST_STRING, ValueType.LIST_STRING));
        assertThat(List.of(strings.of(row("c", T, List.of("ab", "c"), List.of())),
                strings.of(row("c", T, List.of("a", "bc"), List.of())),
                strings.of(row("c", T, List.of("c", "ab"), List.of())),
                strings.of(row("c", T, List.of("ab"), List.of("c"))),
                strings.of(row("c", T, List.of("ab", "c", ""), List.of())),
                strings.of(row("c", T, List.of("ab", "c"), null)),
                strings.of(row("c", T, List.of(), List.of("ab", "c"))),
                strings.of(row("c", T, null, List.of("ab", "c"))))).doesNotHaveDuplicates();
        RowFingerprint numbers = new RowFingerprint(group(ValueType.LIST_LONG, ValueType.LIST_DOUBLE));
        assertThat(List.of(numbers.of(row("c", T, List.of(1L, 2L), List.of(0.5))),
                numbers.of(row("c", T, List.of(1L, 3L), List.of(0.5))),
                numbers.of(row("c", T, List.of(1L, 2L), List.of(-0.5))),
                numbers.of(row("c", T, List.of(1L, 2L), List.of(0.0))),
                numbers.of(row("c", T, List.of(1L, 2L), List.of(-0.0))))).doesNotHaveDuplicates();
        RowFingerprint flags = new RowFingerprint(group(ValueType.LIST_BOOL, ValueType.LIST_BOOL));
        assertThat(flags.of(row("c", T, List.of(true, false), List.of())))
                .isNotEqualTo(flags.of(row("c", T, List.of(false, true), List.of())))
                .isNotEqualTo(flags.of(row("c", T, List.of(true), List.of(false))));
    }

    @Test
    void vectors_compare_float_by_float_and_their_dimension_is_part_of_the_layout() {
        float[] embedding = new float[768];
        Arrays.fill(embedding, 0.125f);
        float[] nudged = embedding.clone();
        nudged[767] = Math.nextUp(nudged[767]);
        RowFingerprint f = new RowFingerprint(vectors(768));

        assertThat(f.of(row("c", T, FloatVector.of(embedding), null)))
                .isEqualTo(f.of(row("d", T, FloatVector.of(embedding.clone()), null)))
                .isNotEqualTo(f.of(row("c", T, FloatVector.of(nudged), null)))
                .isNotEqualTo(f.of(row("c", T, null, FloatVector.of(embedding))));
        FeatureRow one = row("c", T, FloatVector.of(1f), null);
        assertThat(new RowFingerprint(vectors(1)).of(one)).isNotEqualTo(new RowFingerprint(vectors(2)).of(one));
    }

    private static FeatureGroup vectors(int dimension) {
        FeatureGroup g = group(ValueType.LONG, ValueType.LONG);
        return new FeatureGroup(g.name(), "", g.entity(), g.source(), g.trigger(), false, Duration.ZERO,
                List.of(Feature.vector("a", dimension), Feature.vector("b", dimension)));
    }

    /** The encoding RowFingerprint had before it wrote into a plain array: a big-endian ByteBuffer. */
    private static long byteBufferFingerprint(FeatureGroup group, FeatureRow row) {
        StringBuilder columns = new StringBuilder(group.entity().key());
        for (Feature f : group.features()) {
            columns.append('\u0000').append(f.name()).append(':').append(f.type()).append(':').append(f.precision())
                    .append(':').append(f.scale());
        }
        XxHash xxh64 = new XxHash();
        ByteBuffer b = ByteBuffer.allocate(1 << 12);
        b.putLong(xxh64.hashBytes(columns.toString().getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < row.values().length; i++) {
            Object v = row.values()[i];
            if (v == null) {
                b.put((byte) 0);
                continue;
            }
            b.put((byte) 1);
            switch (group.features().get(i).type()) {
                case LONG -> b.putLong((Long) v);
                case DOUBLE -> b.putLong(Double.doubleToLongBits((Double) v));
                case STRING -> {
                    String s = (String) v;
                    b.putInt(s.length());
                    s.chars().forEach(c -> b.putChar((char) c));
                }
                case BOOL -> b.put((byte) ((Boolean) v ? 1 : 0));
                case TIMESTAMP -> b.putLong(Timestamps.toMicros((Instant) v));
                case DECIMAL -> {
                    byte[] unscaled = ((BigDecimal) v).unscaledValue().toByteArray();
                    b.putInt(((BigDecimal) v).scale()).putInt(unscaled.length).put(unscaled);
                }
            }
        }
        b.flip();
        return xxh64.hashByteBuffer(b);
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
