package io.fstore.sample;

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
import io.fstore.model.FloatVector;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.normalize.FeatureNormalizer;
import org.junit.jupiter.api.Test;

class PreviewTableTest {

    private final FeatureGroup group = new FeatureGroup("docs", "", new Entity("doc", "doc_id"),
            new SourceSpec("jdbc", "warehouse", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 * * * ?"),
            false, Duration.ZERO, List.of(Feature.of("title", ValueType.STRING),
            Feature.of("tags", ValueType.LIST_STRING), Feature.vector("embedding", 6)));

    private String print(List<Map<String, Object>> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PreviewTable.print(new SourceSample(group, records, new FeatureNormalizer(group).normalize(records),
                Optional.empty()), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> row(String id, String title, Object tags, Object embedding) {
        Map<String, Object> m = new HashMap<>();
        m.put("doc_id", id);
        m.put("title", title);
        m.put("tags", tags);
        m.put("embedding", embedding);
        m.put("ts", "2024-03-01T10:00:00Z");
        return m;
    }

    @Test
    void rows_are_aligned_columns_with_lists_and_vectors_abbreviated_and_bad_rows_with_their_reason() {
        String text = print(List.of(
                row("d1", "short", List.of("a", "b"), List.of(0.5, 1, 2, 3, 4, 5)),
                row("d2", "x".repeat(60), List.of("a", "b", "c", "d", "e"), List.of(1, 1, 1, 1, 1, 1)),
                row("d3", "line\nbreak\u001b[31m", List.of(), null),
                row("d4", "bad", List.of(), List.of(1, 2))));

        assertThat(text.lines().toList()).containsExactly(
                "doc_id | event_timestamp      | title (string)                           | tags (list<string>)"
                        + "              | embedding (vector)",
                "-------|----------------------|------------------------------------------|--------------------"
                        + "--------------|---------------------------------",
                "d1     | 2024-03-01T10:00:00Z | short                                    | [\"a\", \"b\"]"
                        + "                       | [0.5, 1.0, 2.0, 3.0, … 6 values]",
                "d2     | 2024-03-01T10:00:00Z | " + "x".repeat(39) + "… | [\"a\", \"b\", \"c\", \"d\", … 5 values]"
                        + " | [1.0, 1.0, 1.0, 1.0, … 6 values]",
                "d3     | 2024-03-01T10:00:00Z | line break [31m                          | []"
                        + "                               | null",
                "3 row(s) of 4 read; 1 quarantined",
                text.lines().toList().get(6));
        assertThat(text.lines().toList().get(6)).startsWith("quarantined: feature embedding (vector): has 2 values, "
                + "expected dimension 6; row {").contains("embedding=[1, 2]").contains("title=bad");
        assertThat(text.lines().toList().get(6)).contains("doc_id=d4");
    }
}
