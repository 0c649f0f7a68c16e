package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.fstore.TestGroups;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.ValueType;
import io.fstore.normalize.Timestamps;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Parquet files in a temporary folder, read back row by row (every stored row, not deduplicated). */
class ParquetOfflineStoreTest {

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant INGESTED = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path dir;
    private final List<ParquetOfflineStore> opened = new ArrayList<>();
    private final FeatureGroup fullRefresh = TestGroups.wide(Optional.empty());

    @AfterEach
    void closeStores() {
        opened.forEach(ParquetOfflineStore::close);
    }

    @Test
    void a_full_refresh_chunk_written_twice_stores_its_rows_once() {
        ParquetOfflineStore store = store();
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0), row("c2", T0.plus(Duration.ofDays(1)), 20.0),
                row("c3", T0.plus(Duration.ofDays(40)), 30.0));

        store.write(fullRefresh, chunk, INGESTED);
        store.write(fullRefresh, chunk, INGESTED.plusSeconds(300));

        List<GenericRecord> stored = stored(fullRefresh);
        assertThat(stored).extracting(r -> r.get("customer_id").toString()).containsExactlyInAnyOrder("c1", "c2", "c3");
        assertThat(stored).extracting(r -> r.get(OfflineSchema.CREATED_TIMESTAMP))
                .containsOnly(Timestamps.toMicros(INGESTED));
        assertThat(files(fullRefresh)).as("an unchanged chunk writes no file").hasSize(1);
    }

    @Test
    void a_changed_value_at_the_same_event_time_is_stored_and_readers_see_it() {
        ParquetOfflineStore store = store();

        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        store.write(fullRefresh, List.of(row("c1", T0, 11.5)), INGESTED.plusSeconds(300));
        store.write(fullRefresh, List.of(row("c1", T0, 11.5)), INGESTED.plusSeconds(600));

        assertThat(stored(fullRefresh)).extracting(r -> r.get("lifetime_value")).containsExactlyInAnyOrder(10.0, 11.5);
        assertThat(new OfflineReader(offlineDir()).readDeduplicated(fullRefresh)).singleElement()
                .satisfies(r -> assertThat(r.get("lifetime_value")).isEqualTo(11.5));
    }

    @Test
    void a_newer_event_time_is_stored() {
        ParquetOfflineStore store = store();

        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        store.write(fullRefresh, List.of(row("c1", T0.plusSeconds(60), 10.0)), INGESTED.plusSeconds(300));

        assertThat(stored(fullRefresh)).extracting(r -> r.get(OfflineSchema.EVENT_TIMESTAMP))
                .containsExactlyInAnyOrder(Timestamps.toMicros(T0), Timestamps.toMicros(T0.plusSeconds(60)));
    }

    @Test
    void an_older_event_time_is_stored_once_whatever_order_the_history_arrives_in() {
        ParquetOfflineStore store = store();
        Instant later = T0.plus(Duration.ofDays(2));

        store.write(fullRefresh, List.of(row("c1", later, 20.0), row("c1", T0, 10.0)), INGESTED);
        store.write(fullRefresh, List.of(row("c1", T0.minus(Duration.ofDays(30)), 5.0), row("c1", later, 20.0),
                row("c1", T0, 10.0)), INGESTED.plusSeconds(300));
        store.write(fullRefresh, List.of(row("c1", T0.minus(Duration.ofDays(30)), 5.0), row("c1", later, 20.0),
                row("c1", T0, 10.0)), INGESTED.plusSeconds(600));

        assertThat(stored(fullRefresh)).extracting(r -> r.get("lifetime_value"))
                .as("the backfilled older version is new history; every version once")
                .containsExactlyInAnyOrder(20.0, 10.0, 5.0);
    }

    @Test
    void a_failed_write_leaves_the_change_state_untouched_so_the_retry_stores_the_rows() throws IOException {
        ParquetOfflineStore store = store();
        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        Instant retryDay = INGESTED.plus(Duration.ofDays(1));
        Path blocked = offlineDir().resolve(fullRefresh.name()).resolve("created_date=2024-05-02");
        Files.writeString(blocked, "a regular file where the day's folder goes");
        List<FeatureRow> changed = List.of(row("c1", T0, 12.0), row("c2", T0, 7.0));

        assertThatThrownBy(() -> store.write(fullRefresh, changed, retryDay)).isInstanceOf(UncheckedIOException.class);
        Files.delete(blocked);
        store.write(fullRefresh, changed, retryDay.plusSeconds(300));

        assertThat(stored(fullRefresh)).extracting(r -> r.get("customer_id") + "=" + r.get("lifetime_value"))
                .containsExactlyInAnyOrder("c1=10.0", "c1=12.0", "c2=7.0");
        try (Stream<Path> all = Files.walk(offlineDir().resolve(fullRefresh.name()))) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".inprogress"));
        }
    }

    @Test
    void the_change_state_survives_a_restart() {
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0), row("c2", T0, 20.0));
        try (ParquetOfflineStore first = new ParquetOfflineStore(new ParquetPartWriter(offlineDir(), "SNAPPY"))) {
            first.write(fullRefresh, chunk, INGESTED);
        }

        store().write(fullRefresh, chunk, INGESTED.plusSeconds(300));

        assertThat(stored(fullRefresh)).hasSize(2);
    }

    @Test
    void a_write_after_close_fails_with_a_message_and_stores_nothing() {
        ParquetOfflineStore store = store();
        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        store.close();

        assertThatThrownBy(() -> store.write(fullRefresh, List.of(row("c2", T0, 10.0)), INGESTED.plusSeconds(300)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(stored(fullRefresh)).hasSize(1);
    }

    @Test
    void a_new_feature_in_the_definition_stores_every_row_once_more() {
        ParquetOfflineStore store = store();
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0));
        store.write(fullRefresh, chunk, INGESTED);
        List<Feature> features = new ArrayList<>(fullRefresh.features());
        features.add(Feature.of("returns", ValueType.LONG));
        FeatureGroup widened = new FeatureGroup(fullRefresh.name(), "", fullRefresh.entity(), fullRefresh.source(),
                fullRefresh.trigger(), false, Duration.ZERO, features);
        Object[] values = java.util.Arrays.copyOf(chunk.get(0).values(), features.size());
        values[features.size() - 1] = 2L;

        store.write(widened, List.of(new FeatureRow("c1", T0, values)), INGESTED.plusSeconds(300));
        store.write(widened, List.of(new FeatureRow("c1", T0, values)), INGESTED.plusSeconds(600));

        assertThat(stored(fullRefresh)).hasSize(2);
    }

    @Test
    void a_chunk_is_one_file_however_many_event_dates_it_spans() {
        ParquetOfflineStore store = store();
        List<FeatureRow> chunk = IntStream.range(0, 150)
                .mapToObj(i -> row("c" + i, T0.plus(Duration.ofDays(i)), i)).toList();

        store.write(fullRefresh, chunk, INGESTED);

        assertThat(files(fullRefresh)).singleElement().satisfies(f -> {
            assertThat(f.getParent().getFileName().toString()).isEqualTo("created_date=2024-05-01");
            assertThat(f.getFileName().toString()).startsWith("part-").endsWith(".parquet");
        });
        assertThat(stored(fullRefresh)).hasSize(150);
    }

    @Test
    void an_incremental_group_stores_every_row_it_is_given() {
        FeatureGroup incremental = TestGroups.wide(Optional.of("ts"));
        ParquetOfflineStore store = store();
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0), row("c2", T0, 20.0));

        store.write(incremental, chunk, INGESTED);
        store.write(incremental, chunk, INGESTED.plusSeconds(300));

        assertThat(stored(incremental)).as("a replayed chunk is stored again; readers keep the newest ingestion")
                .hasSize(4);
        assertThat(new OfflineReader(offlineDir()).readDeduplicated(incremental)).hasSize(2);
    }

    private ParquetOfflineStore store() {
        ParquetOfflineStore store = new ParquetOfflineStore(new ParquetPartWriter(offlineDir(), "SNAPPY"));
        opened.add(store);
        return store;
    }

    private Path offlineDir() {
        return dir.resolve("offline");
    }

    private List<Path> files(FeatureGroup group) {
        return new OfflineReader(offlineDir()).files(group);
    }

    private static FeatureRow row(String entity, Instant event, double lifetimeValue) {
        return new FeatureRow(entity, event, new Object[] {lifetimeValue, 3L, "gold", true,
                Instant.parse("2023-01-05T08:30:00.123456Z"), new BigDecimal("12.50")});
    }

    /** Every stored row of the group, duplicates included. */
    private List<GenericRecord> stored(FeatureGroup group) {
        List<GenericRecord> rows = new ArrayList<>();
        for (Path file : files(group)) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                    .withDataModel(GenericData.get()).build()) {
                for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                    rows.add(r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }
}
