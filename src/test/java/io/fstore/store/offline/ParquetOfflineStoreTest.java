package io.fstore.store.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.fstore.TestGroups;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import io.fstore.normalize.Timestamps;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link OfflineStoreContract} on real Parquet files in a temporary folder, plus what is particular to files:
 * rows as stored on disk (every stored row, not deduplicated), one file per chunk, files of older FStore versions.
 */
class ParquetOfflineStoreTest extends OfflineStoreContract {

    private static final Instant INGESTED = Instant.parse("2024-05-01T12:00:00Z");
    private static final PlainParquetConfiguration AVRO_STANDARD_LISTS = new PlainParquetConfiguration(
            Map.of("parquet.avro.add-list-element-records", "false"));

    @TempDir
    Path dir;
    private final List<ParquetOfflineStore> opened = new ArrayList<>();
    private final FeatureGroup fullRefresh = TestGroups.wide(Optional.empty());
    private final AtomicBoolean failNext = new AtomicBoolean();

    @Override
    protected OfflineStore open() {
        return new ParquetOfflineStore(new ParquetPartWriter(offlineDir(), "SNAPPY") {
            @Override
            public Path write(OfflinePart part) {
                if (!failNext.getAndSet(false)) {
                    return super.write(part);
                }
                List<FeatureRow> failing = new AbstractList<>() {
                    @Override
                    public FeatureRow get(int index) {
                        if (index == size() / 2) {
                            throw new IllegalStateException("injected failure after " + index + " rows");
                        }
                        return part.rows().get(index);
                    }

                    @Override
                    public int size() {
                        return part.rows().size();
                    }
                };
                return super.write(new OfflinePart(part.group(), part.path(), failing, part.createdMicros()));
            }
        });
    }

    @Override
    protected void failNextWriteMidway() {
        failNext.set(true);
    }

    @AfterEach
    void closeParquetStores() {
        opened.forEach(ParquetOfflineStore::close);
    }

    @Test
    void a_full_refresh_chunk_written_twice_stores_its_rows_once() {
        ParquetOfflineStore store = parquet();
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
        ParquetOfflineStore store = parquet();

        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        store.write(fullRefresh, List.of(row("c1", T0, 11.5)), INGESTED.plusSeconds(300));
        store.write(fullRefresh, List.of(row("c1", T0, 11.5)), INGESTED.plusSeconds(600));

        assertThat(stored(fullRefresh)).extracting(r -> r.get("lifetime_value")).containsExactlyInAnyOrder(10.0, 11.5);
        try (OfflineRows rows = store.read(fullRefresh)) {
            OfflineRow only = rows.next();
            assertThat(only.value(0)).isEqualTo(11.5);
            assertThat(only.createdTimestamp()).isEqualTo(INGESTED.plusSeconds(300));
            assertThat(rows.hasNext()).isFalse();
        }
    }

    @Test
    void a_newer_event_time_is_stored() {
        ParquetOfflineStore store = parquet();

        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        store.write(fullRefresh, List.of(row("c1", T0.plusSeconds(60), 10.0)), INGESTED.plusSeconds(300));

        assertThat(stored(fullRefresh)).extracting(r -> r.get(OfflineSchema.EVENT_TIMESTAMP))
                .containsExactlyInAnyOrder(Timestamps.toMicros(T0), Timestamps.toMicros(T0.plusSeconds(60)));
    }

    @Test
    void an_older_event_time_is_stored_once_whatever_order_the_history_arrives_in() {
        ParquetOfflineStore store = parquet();
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
        ParquetOfflineStore store = parquet();
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
        assertThat(leftovers(fullRefresh)).isEmpty();
    }

    @Test
    void a_write_failing_in_the_middle_of_a_file_leaves_no_file() throws IOException {
        OfflineStore store = store();
        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        List<Path> before = files(fullRefresh);

        failNextWriteMidway();
        List<FeatureRow> chunk = IntStream.range(0, 100).mapToObj(i -> row("e" + i, T0, i)).toList();
        assertThatThrownBy(() -> store.write(fullRefresh, chunk, INGESTED.plusSeconds(300)))
                .hasMessageContaining("injected failure after 50 rows");

        assertThat(files(fullRefresh)).isEqualTo(before);
        assertThat(leftovers(fullRefresh)).isEmpty();
    }

    @Test
    void the_change_state_survives_a_restart() {
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0), row("c2", T0, 20.0));
        try (ParquetOfflineStore first = new ParquetOfflineStore(offlineDir(), "SNAPPY")) {
            first.write(fullRefresh, chunk, INGESTED);
        }

        parquet().write(fullRefresh, chunk, INGESTED.plusSeconds(300));

        assertThat(stored(fullRefresh)).hasSize(2);
    }

    @Test
    void a_write_or_read_after_close_fails_with_a_message_and_stores_nothing() {
        ParquetOfflineStore store = parquet();
        store.write(fullRefresh, List.of(row("c1", T0, 10.0)), INGESTED);
        store.close();

        assertThatThrownBy(() -> store.write(fullRefresh, List.of(row("c2", T0, 10.0)), INGESTED.plusSeconds(300)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.read(fullRefresh)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(stored(fullRefresh)).hasSize(1);
    }

    @Test
    void a_new_feature_in_the_definition_stores_every_row_once_more() {
        ParquetOfflineStore store = parquet();
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0));
        store.write(fullRefresh, chunk, INGESTED);
        List<Feature> features = new ArrayList<>(fullRefresh.features());
        features.add(Feature.of("returns", ValueType.LONG));
        FeatureGroup widened = new FeatureGroup(fullRefresh.name(), "", fullRefresh.entity(), fullRefresh.source(),
                fullRefresh.trigger(), false, Duration.ZERO, features);
        Object[] values = Arrays.copyOf(chunk.get(0).values(), features.size());
        values[features.size() - 1] = 2L;

        store.write(widened, List.of(new FeatureRow("c1", T0, values)), INGESTED.plusSeconds(300));
        store.write(widened, List.of(new FeatureRow("c1", T0, values)), INGESTED.plusSeconds(600));

        assertThat(stored(fullRefresh)).hasSize(2);
    }

    @Test
    void a_chunk_is_one_file_however_many_event_dates_it_spans() {
        ParquetOfflineStore store = parquet();
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
        ParquetOfflineStore store = parquet();
        List<FeatureRow> chunk = List.of(row("c1", T0, 10.0), row("c2", T0, 20.0));

        store.write(incremental, chunk, INGESTED);
        store.write(incremental, chunk, INGESTED.plusSeconds(300));

        assertThat(stored(incremental)).as("a replayed chunk is stored again; readers keep the newest ingestion")
                .hasSize(4);
        try (OfflineRows rows = store.read(incremental)) {
            List<String> read = new ArrayList<>();
            rows.forEachRemaining(r -> read.add(r.entityId() + " " + r.createdTimestamp()));
            assertThat(read).containsExactlyInAnyOrder("c1 " + INGESTED.plusSeconds(300),
                    "c2 " + INGESTED.plusSeconds(300));
        }
    }

    @Test
    void files_of_older_versions_read_back_with_the_later_row_of_a_file_and_the_newest_ingestion() throws IOException {
        FeatureGroup group = TestGroups.longForm();
        Instant older = INGESTED;
        Instant newer = INGESTED.plusSeconds(300);
        // the per-event-date layout of FStore 0.1: path order is not ingestion order; no one-row-per-version mark
        legacyFile(group, "event_date=2024-03-02/part-0.parquet", older,
                List.of(new FeatureRow("c1", T0, new Object[] {1.0}), new FeatureRow("c2", T0, new Object[] {2.0})));
        legacyFile(group, "event_date=2024-03-01/part-0.parquet", newer,
                List.of(new FeatureRow("c1", T0, new Object[] {10.0}), new FeatureRow("c3", T0, new Object[] {3.0}),
                        new FeatureRow("c1", T0, new Object[] {11.0}), new FeatureRow("c3", T0, new Object[] {4.0})));

        List<String> read = new ArrayList<>();
        try (OfflineRows rows = parquet().read(group)) {
            rows.forEachRemaining(r -> read.add(r.entityId() + "=" + r.value(0) + " " + r.createdTimestamp()));
        }

        assertThat(read).containsExactlyInAnyOrder("c1=11.0 " + newer, "c2=2.0 " + older, "c3=4.0 " + newer);
    }

    @Test
    void a_file_holding_two_ingestion_times_fails_with_its_name() throws IOException {
        FeatureGroup group = TestGroups.longForm();
        Path file = offlineDir().resolve(group.name()).resolve("created_date=2024-05-01/part-mixed.parquet");
        Files.createDirectories(file.getParent());
        MessageType schema = OfflineSchema.of(group);
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new PlainParquetConfiguration()).build()) {
            for (int i = 0; i < 2; i++) {
                writer.write(rows.newGroup().append("customer_id", "c" + i).append("event_timestamp", 0L)
                        .append("created_timestamp", Timestamps.toMicros(INGESTED) + i)
                        .append("last_order_amount", 1.0));
            }
        }

        assertThatThrownBy(() -> parquet().read(group)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("one ingestion time");
    }

    @Test
    void a_column_of_another_type_widens_when_nothing_is_lost_and_fails_with_the_feature_otherwise() {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        parquet().write(group, List.of(row("c1", T0, 10.0)), INGESTED);
        List<Feature> asDoubles = new ArrayList<>(group.features());
        asDoubles.set(1, Feature.of("orders", ValueType.DOUBLE));
        asDoubles.set(5, new Feature("balance", ValueType.DECIMAL, "", 12, 4));
        List<Feature> asString = new ArrayList<>(group.features());
        asString.set(1, Feature.of("orders", ValueType.STRING));

        try (OfflineRows rows = parquet().read(redefined(group, asDoubles))) {
            OfflineRow r = rows.next();
            assertThat(r.value(1)).isEqualTo(3.0);
            assertThat(r.value(5)).isEqualTo(new BigDecimal("12.5000"));
        }
        assertThatThrownBy(() -> {
            try (OfflineRows rows = parquet().read(redefined(group, asString))) {
                rows.hasNext();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("feature 'orders'")
                .hasMessageContaining("declared type string");
    }

    @Test
    void duckdb_reads_lists_as_typed_arrays_and_vectors_as_float_arrays() throws SQLException {
        FeatureRow usual = arrayRow("c1", T0, 0.25f);
        FeatureRow empty = new FeatureRow("c2", T0, new Object[] {List.of(), List.of(), List.of(), List.of(), null,
                null});
        FeatureRow extremes = new FeatureRow("c3", T0, new Object[] {List.of("x".repeat(5_000), "客户"),
                List.of(Long.MIN_VALUE, Long.MAX_VALUE), List.of(-Double.MAX_VALUE, Double.MIN_VALUE),
                List.of(false), FloatVector.of(-Float.MAX_VALUE), usual.values()[5]});
        parquet().write(ARRAYS, List.of(usual, empty, extremes), INGESTED);
        String table = "read_parquet('" + offlineDir().resolve(ARRAYS.name()) + "/**/*.parquet')";

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            Map<String, String> types = new HashMap<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + table)) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertThat(types).containsEntry("tags", "VARCHAR[]").containsEntry("counts", "BIGINT[]")
                    .containsEntry("scores", "DOUBLE[]").containsEntry("flags", "BOOLEAN[]")
                    .containsEntry("unit", "FLOAT[]").containsEntry("embedding", "FLOAT[]");

            Map<String, List<Object>> rows = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT customer_id, tags, counts, scores, flags, unit, len(embedding), "
                    + "embedding[768], array_cosine_similarity(embedding::FLOAT[768], embedding::FLOAT[768]) FROM "
                    + table)) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 2; i <= 6; i++) {
                        java.sql.Array array = rs.getArray(i);
                        values.add(array == null ? null : Arrays.asList((Object[]) array.getArray()));
                    }
                    values.add(rs.getObject(7));
                    values.add(rs.getObject(8));
                    values.add(rs.getObject(9));
                    rows.put(rs.getString(1), values);
                }
            }
            assertThat(rows.get("c1")).containsExactly(List.of("red", "green"), List.of(1L, -2L, 3L),
                    List.of(0.5, 0.25), List.of(true, false), List.of(0.25f), (long) EMBEDDING,
                    0.25f + 767 / 1024f, 1.0f);
            assertThat(rows.get("c2")).as("empty lists stay empty, a missing vector is NULL")
                    .containsExactly(List.of(), List.of(), List.of(), List.of(), null, null, null, null);
            assertThat(rows.get("c3")).containsExactly(List.of("x".repeat(5_000), "客户"),
                    List.of(Long.MIN_VALUE, Long.MAX_VALUE), List.of(-Double.MAX_VALUE, Double.MIN_VALUE),
                    List.of(false), List.of(-Float.MAX_VALUE), (long) EMBEDDING, 0.25f + 767 / 1024f, 1.0f);
        }
    }

    @Test
    void parquet_avro_reads_lists_and_vectors_as_arrays() {
        parquet().write(ARRAYS, List.of(arrayRow("c1", T0, 0.25f)), INGESTED);

        GenericRecord r = stored(ARRAYS).get(0);

        assertThat(((List<?>) r.get("tags")).stream().map(Object::toString).toList()).containsExactly("red", "green");
        assertThat(r.get("counts")).isEqualTo(List.of(1L, -2L, 3L));
        assertThat(r.get("flags")).isEqualTo(List.of(true, false));
        assertThat(r.get("unit")).isEqualTo(List.of(0.25f));
        assertThat((List<?>) r.get("embedding")).hasSize(EMBEDDING).first().isEqualTo(0.25f);
    }

    @Test
    void a_list_column_of_another_element_type_or_length_fails_with_the_feature_and_both_types() {
        parquet().write(ARRAYS, List.of(arrayRow("c1", T0, 0.25f)), INGESTED);
        FeatureGroup wide = TestGroups.wide(Optional.of("ts"));
        parquet().write(wide, List.of(row("c1", T0, 10.0)), INGESTED);
        List<Feature> countsAsStrings = new ArrayList<>(ARRAYS.features());
        countsAsStrings.set(1, Feature.of("counts", ValueType.LIST_STRING));
        List<Feature> countsAsLong = new ArrayList<>(ARRAYS.features());
        countsAsLong.set(1, Feature.of("counts", ValueType.LONG));
        List<Feature> unitOfTwo = new ArrayList<>(ARRAYS.features());
        unitOfTwo.set(4, Feature.vector("unit", 2));
        List<Feature> scoresAsVector = new ArrayList<>(ARRAYS.features());
        scoresAsVector.set(2, Feature.vector("scores", 2));
        List<Feature> ordersAsList = new ArrayList<>(wide.features());
        ordersAsList.set(1, Feature.of("orders", ValueType.LIST_LONG));

        assertThat(readFailure(redefined(ARRAYS, countsAsStrings))).contains("feature 'counts'")
                .contains("repeated group list { required int64 element; }")
                .contains("declared type list<string>");
        assertThat(readFailure(redefined(ARRAYS, countsAsLong))).contains("feature 'counts'")
                .contains("optional group counts (LIST)").contains("declared type long");
        assertThat(readFailure(redefined(ARRAYS, scoresAsVector))).contains("feature 'scores'")
                .contains("required double element").contains("declared type vector");
        assertThat(readFailure(redefined(wide, ordersAsList))).contains("feature 'orders'")
                .contains("optional int64 orders").contains("declared type list<long>");
        assertThat(readFailure(redefined(ARRAYS, unitOfTwo)))
                .contains("holds 1 floats for vector feature 'unit', whose declared dimension is 2");
        List<Feature> scoresAsLongs = new ArrayList<>(ARRAYS.features());
        scoresAsLongs.set(2, Feature.of("scores", ValueType.LIST_LONG));
        assertThat(readFailure(redefined(ARRAYS, scoresAsLongs))).contains("declared type list<long>");
        List<Feature> countsAsDoubles = new ArrayList<>(ARRAYS.features());
        countsAsDoubles.set(1, Feature.of("counts", ValueType.LIST_DOUBLE));
        try (OfflineRows rows = parquet().read(redefined(ARRAYS, countsAsDoubles))) {
            assertThat(rows.next().value(1)).as("int64 elements widen to double like a scalar column")
                    .isEqualTo(List.of(1.0, -2.0, 3.0));
        }
    }

    @Test
    void a_list_of_another_writer_holding_a_null_element_fails_with_the_file_and_feature() throws IOException {
        FeatureGroup group = redefined(ARRAYS, List.of(Feature.of("tags", ValueType.LIST_STRING)));
        Path file = offlineDir().resolve(group.name()).resolve("created_date=2024-05-01/part-nullable.parquet");
        Files.createDirectories(file.getParent());
        MessageType schema = Types.buildMessage()
                .addFields(OfflineSchema.of(redefined(group, List.of())).getFields().toArray(new Type[0]))
                .optionalList().optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named("tags").named(group.name());
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new PlainParquetConfiguration()).build()) {
            Group row = new SimpleGroupFactory(schema).newGroup().append("customer_id", "c1")
                    .append("event_timestamp", 0L).append("created_timestamp", Timestamps.toMicros(INGESTED));
            Group list = row.addGroup("tags");
            list.addGroup("list").append("element", "a");
            list.addGroup("list"); // a null element
            writer.write(row);
        }

        assertThat(readFailure(group)).contains(file.toString())
                .contains("a null element at index 1 of feature 'tags' (a list<string> holds no null element)");
    }

    private String readFailure(FeatureGroup group) {
        Throwable failure = catchThrowable(() -> {
            try (OfflineRows rows = parquet().read(group)) {
                while (rows.hasNext()) {
                    rows.next();
                }
            }
        });
        assertThat(failure).isInstanceOf(IllegalStateException.class);
        return failure.getMessage();
    }

    @Test
    void the_reader_opens_a_file_only_when_it_reaches_it() throws IOException {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        ParquetOfflineStore store = parquet();
        store.write(group, List.of(row("old", T0, 1.0)), INGESTED);
        store.write(group, List.of(row("mid", T0, 2.0)), INGESTED.plusSeconds(1));
        store.write(group, List.of(row("new", T0, 3.0)), INGESTED.plusSeconds(2));
        Path oldest = files(group).get(0);

        try (OfflineRows rows = store.read(group)) {
            assertThat(rows.next().entityId()).isEqualTo("new");
            Files.writeString(oldest, "no longer Parquet");
            assertThat(rows.next().entityId()).isEqualTo("mid");
            assertThatThrownBy(rows::hasNext).hasMessageContaining("Cannot open offline file " + oldest);
        }
    }

    @Test
    void location_and_description_name_the_folder() {
        ParquetOfflineStore store = parquet();

        assertThat(store.location("spend")).isEqualTo(offlineDir().resolve("spend").toAbsolutePath().toUri());
        assertThat(store.location("spend").getScheme()).isEqualTo("file");
        assertThat(store.describe()).contains(offlineDir().toAbsolutePath().toUri().toString()).contains("SNAPPY");
        assertThatThrownBy(() -> store.teardown("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    private static FeatureGroup redefined(FeatureGroup group, List<Feature> features) {
        return new FeatureGroup(group.name(), "", group.entity(), group.source(), group.trigger(), false,
                Duration.ZERO, features);
    }

    /** A file as FStore wrote it before files were marked one-row-per-version: the same schema, no footer entry. */
    private Path legacyFile(FeatureGroup group, String relative, Instant created, List<FeatureRow> rows)
            throws IOException {
        Path file = offlineDir().resolve(group.name()).resolve(relative);
        Files.createDirectories(file.getParent());
        MessageType schema = OfflineSchema.of(group);
        SimpleGroupFactory factory = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new PlainParquetConfiguration()).build()) {
            for (FeatureRow r : rows) {
                writer.write(factory.newGroup().append(group.entity().key(), r.entityId())
                        .append(OfflineSchema.EVENT_TIMESTAMP, Timestamps.toMicros(r.eventTimestamp()))
                        .append(OfflineSchema.CREATED_TIMESTAMP, Timestamps.toMicros(created))
                        .append(group.features().get(0).name(), (Double) r.values()[0]));
            }
        }
        return file;
    }

    private ParquetOfflineStore parquet() {
        ParquetOfflineStore store = new ParquetOfflineStore(offlineDir(), "SNAPPY");
        opened.add(store);
        return store;
    }

    private Path offlineDir() {
        return dir.resolve("offline");
    }

    private List<Path> files(FeatureGroup group) {
        return OfflineLayout.files(offlineDir(), group.name());
    }

    private List<Path> leftovers(FeatureGroup group) throws IOException {
        try (Stream<Path> all = Files.walk(offlineDir().resolve(group.name()))) {
            return all.filter(p -> p.getFileName().toString().endsWith(".inprogress")).toList();
        }
    }

    private static FeatureRow row(String entity, Instant event, double lifetimeValue) {
        return new FeatureRow(entity, event, new Object[] {lifetimeValue, 3L, "gold", true,
                Instant.parse("2023-01-05T08:30:00.123456Z"), new BigDecimal("12.50")});
    }

    /**
     * Every stored row of the group, duplicates included, read by parquet-avro (an independent reader). Told to read
     * the spec's three-level lists as lists of their elements, as it must for files of Spark, DuckDB or pyarrow too:
     * by default it reads files without an Avro schema in the footer as lists of one-field records.
     */
    private List<GenericRecord> stored(FeatureGroup group) {
        List<GenericRecord> rows = new ArrayList<>();
        for (Path file : files(group)) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                    .withDataModel(GenericData.get()).withConf(AVRO_STANDARD_LISTS).build()) {
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
