package io.fstore.probe12b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import io.fstore.store.offline.OfflineRows;
import io.fstore.store.offline.ParquetOfflineStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe (#12): a part written by another tool (DuckDB's COPY ... TO parquet: optional elements, its own column
 * order) in a group's offline folder reads as the declared list and vector features, or fails naming the file.
 */
class ForeignParquetListProbeTest {

    @TempDir
    Path dir;

    private static FeatureGroup group(List<Feature> features) {
        FeatureGroup base = TestGroups.wide(Optional.empty());
        return new FeatureGroup("foreign", "", base.entity(), base.source(), base.trigger(), false, Duration.ZERO,
                features);
    }

    private Path duckdbPart(String select) throws Exception {
        Path part = dir.resolve("foreign/created_date=2024-03-01/part-000000.000000-duckdb.parquet");
        Files.createDirectories(part.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            s.execute("COPY (" + select + ") TO '" + part + "' (FORMAT PARQUET)");
        }
        return part;
    }

    @Test
    void duckdb_lists_and_a_float_array_read_as_list_and_vector_features() throws Exception {
        duckdbPart("SELECT 'c1' AS customer_id, TIMESTAMPTZ '2024-03-01 00:00:00+00' AS event_timestamp, "
                + "TIMESTAMPTZ '2024-03-01 01:00:00+00' AS created_timestamp, [3, -1]::BIGINT[] AS counts, "
                + "['a', '']::VARCHAR[] AS tags, [0.5, -1.25]::FLOAT[] AS emb, []::DOUBLE[] AS scores");
        FeatureGroup g = group(List.of(Feature.of("counts", ValueType.LIST_LONG),
                Feature.of("tags", ValueType.LIST_STRING), Feature.vector("emb", 2),
                Feature.of("scores", ValueType.LIST_DOUBLE)));
        List<Object[]> read = new ArrayList<>();
        try (ParquetOfflineStore store = new ParquetOfflineStore(dir, "SNAPPY"); OfflineRows rows = store.read(g)) {
            rows.forEachRemaining(r -> read.add(new Object[] {r.entityId(), r.eventTimestamp(), r.value(0),
                    r.value(1), r.value(2), r.value(3)}));
        }
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).containsExactly("c1", Instant.parse("2024-03-01T00:00:00Z"), List.of(3L, -1L),
                List.of("a", ""), FloatVector.of(0.5f, -1.25f), List.of());
    }

    @Test
    void a_null_element_written_by_duckdb_fails_naming_the_file_and_feature() throws Exception {
        Path part = duckdbPart("SELECT 'c1' AS customer_id, TIMESTAMPTZ '2024-03-01 00:00:00+00' AS event_timestamp, "
                + "TIMESTAMPTZ '2024-03-01 01:00:00+00' AS created_timestamp, [3, NULL]::BIGINT[] AS counts");
        FeatureGroup g = group(List.of(Feature.of("counts", ValueType.LIST_LONG)));
        assertThatThrownBy(() -> {
            try (ParquetOfflineStore store = new ParquetOfflineStore(dir, "SNAPPY");
                 OfflineRows rows = store.read(g)) {
                rows.forEachRemaining(r -> { });
            }
        }).hasStackTraceContaining(part.getFileName().toString()).hasStackTraceContaining("'counts'")
                .hasStackTraceContaining("null element");
    }
}
