package io.fstore.probe12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.sample.PreviewTable;
import io.fstore.sample.SampleCheck;
import io.fstore.sample.SourceSample;
import org.junit.jupiter.api.Test;

/** What preview and check print for hostile values: one plain line per row or group, nothing a terminal obeys. */
class PreviewOutputProbeTest {

    private final FeatureGroup group = new FeatureGroup("docs", "", new Entity("doc", "doc_id"),
            new SourceSpec("jdbc", "warehouse", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 * * * ?"),
            false, Duration.ZERO, List.of(Feature.of("title", ValueType.STRING), Feature.of("n", ValueType.LONG)));

    private SourceSample sample(List<Map<String, Object>> records) {
        return new SourceSample(group, records, new FeatureNormalizer(group).normalize(records), Optional.empty());
    }

    private String preview(List<Map<String, Object>> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PreviewTable.print(sample(records), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> row(String id, String title, Object n) {
        Map<String, Object> m = new HashMap<>();
        m.put("doc_id", id);
        m.put("title", title);
        m.put("n", n);
        m.put("ts", "2024-03-01T10:00:00Z");
        return m;
    }

    /** C0, DEL, C1 (U+0085 next line, U+009B the 8-bit CSI), line/paragraph separators, bidi overrides. */
    private static final String HOSTILE = "a\u0085b\u009b31mc\u2028d\u2029e\u202ef";

    private static boolean hasControl(String text) {
        return text.codePoints().anyMatch(c -> c != '\n' && (Character.getType(c) == Character.CONTROL
                || c == 0x2028 || c == 0x2029 || c >= 0x202A && c <= 0x202E));
    }

    @Test
    void unicode_control_characters_in_a_cell_are_blanked_like_ascii_ones() {
        String text = preview(List.of(row("d1", HOSTILE, 1L)));

        assertThat(hasControl(text)).as(text).isFalse();
        assertThat(text.lines().toList().get(2)).startsWith("d1     | 2024-03-01T10:00:00Z | a b 31mc d e f");
    }

    @Test
    void a_quarantine_reason_quoting_the_bad_value_is_blanked_and_bounded_too() {
        String huge = "9".repeat(5000) + "x";
        String text = preview(List.of(row("d1", "t", "1\u001b]0;pwned\u0007"), row("d2", "t", huge)));

        assertThat(hasControl(text)).as("no terminal escape from a quarantined value").isFalse();
        assertThat(text.lines()).as("every line bounded").allSatisfy(l -> assertThat(l.length()).isLessThan(400));
        assertThat(text).contains("0 row(s) of 2 read; 2 quarantined");
    }

    @Test
    void check_problems_quoting_a_bad_value_hold_no_control_character_and_stay_short() {
        SampleCheck check = SampleCheck.of(sample(List.of(row("d1", "t", "1\u001b[2J"), row("d2", "t",
                "7".repeat(5000) + "x"))));

        assertThat(check.problems()).hasSize(2);
        assertThat(check.problems()).allSatisfy(p -> {
            assertThat(hasControl(p)).as(p).isFalse();
            assertThat(p.length()).isLessThan(400);
        });
    }

    @Test
    void a_long_cell_is_cut_between_characters_never_inside_a_surrogate_pair() {
        String title = "x".repeat(38) + "\uD83D\uDE00" + "yyy"; // 😀 at chars 38-39
        String text = preview(List.of(row("d1", title, 1L)));

        String cell = text.lines().toList().get(2).split(" \\| ")[2].trim();
        assertThat(cell.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)).as(cell).isFalse();
        assertThat(cell).isEqualTo("x".repeat(38) + "…");
    }

    @Test
    void an_empty_sample_prints_the_header_and_zero_counts() {
        String text = preview(List.of());

        assertThat(text.lines().toList()).containsExactly(
                "doc_id | event_timestamp | title (string) | n (long)",
                "-------|-----------------|----------------|---------",
                "0 row(s) of 0 read; 0 quarantined");
    }
}
