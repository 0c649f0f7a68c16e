package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fstore.TestGroups;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetPartWriterTest {

    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");
    private static final FeatureGroup GROUP = TestGroups.wide(Optional.empty());

    @Test
    void nearly_unique_features_are_written_without_a_dictionary_and_repetitive_ones_with_one(@TempDir Path dir)
            throws IOException {
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) { // unique double, long of 7 values, string of 3, decimal of 2, bool
            rows.add(new FeatureRow("c" + i, T.plusSeconds(i), new Object[] {i * 0.37, (long) (i % 7),
                    List.of("web", "app", "store").get(i % 3), i % 2 == 0, T.plusSeconds(i % 5),
                    new BigDecimal(i % 2 == 0 ? "1.50" : "2.25")}));
        }
        OfflinePart part = new OfflinePart(GROUP, "part.parquet", rows, 1L);

        assertThat(ParquetPartWriter.nearlyUniqueFeatures(part)).containsExactly("lifetime_value");
        Map<String, Set<Encoding>> encodings = encodings(new ParquetPartWriter(dir, "SNAPPY").write(part), 2_000);
        assertThat(encodings.get("lifetime_value")).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        for (String repetitive : List.of("orders", "segment", "first_order_at", "balance")) {
            assertThat(encodings.get(repetitive)).as(repetitive)
                    .containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        }
    }

    @Test
    void vectors_never_get_a_dictionary_and_list_elements_are_judged_like_values(@TempDir Path dir)
            throws IOException {
        FeatureGroup group = new FeatureGroup("arrays", "", GROUP.entity(), GROUP.source(), GROUP.trigger(), false,
                Duration.ZERO, List.of(Feature.of("tags", ValueType.LIST_STRING),
                Feature.of("readings", ValueType.LIST_DOUBLE), Feature.vector("embedding", 4)));
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) { // 3 tags, unique readings, repetitive vectors
            rows.add(new FeatureRow("c" + i, T, new Object[] {List.of("web", "app", "store").subList(0, i % 3),
                    List.of(i * 0.37, i * 0.41), FloatVector.of(1f, 2f, 3f, i % 2)}));
        }
        OfflinePart part = new OfflinePart(group, "part.parquet", rows, 1L);

        assertThat(ParquetPartWriter.nearlyUniqueFeatures(part))
                .containsExactlyInAnyOrder("embedding.list.element", "readings.list.element");
        assertThat(ParquetPartWriter.nearlyUniqueFeatures(new OfflinePart(group, "few.parquet", rows.subList(0, 5),
                1L))).as("however few rows").containsExactly("embedding.list.element");
        Map<String, Set<Encoding>> encodings = encodings(new ParquetPartWriter(dir, "SNAPPY").write(part), 2_000);
        assertThat(encodings.get("tags.list.element")).containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        for (String unique : List.of("readings.list.element", "embedding.list.element")) {
            assertThat(encodings.get(unique)).as(unique)
                    .doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        }
    }

    private static Map<String, Set<Encoding>> encodings(Path file, long rows) throws IOException {
        Map<String, Set<Encoding>> encodings = new HashMap<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            assertThat(reader.getRecordCount()).isEqualTo(rows);
            for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
                encodings.put(column.getPath().toDotString(), column.getEncodings());
            }
        }
        return encodings;
    }

    @Test
    void a_small_part_or_mostly_null_feature_leaves_the_choice_to_parquet() {
        List<FeatureRow> few = new ArrayList<>();
        List<FeatureRow> nulls = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Object[] values = {i < 100 ? i * 0.37 : null, null, null, null, null, null};
            nulls.add(new FeatureRow("c" + i, T, values));
            if (i < 255) {
                few.add(new FeatureRow("c" + i, T, new Object[] {i * 0.37, null, null, null, null, null}));
            }
        }

        assertThat(ParquetPartWriter.nearlyUniqueFeatures(new OfflinePart(GROUP, "a.parquet", few, 1L))).isEmpty();
        assertThat(ParquetPartWriter.nearlyUniqueFeatures(new OfflinePart(GROUP, "b.parquet", nulls, 1L))).isEmpty();
    }
}
