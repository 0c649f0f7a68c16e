package io.fstore.probe11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.store.online.EmbeddedOnlineStore;
import io.fstore.store.online.StoredValue;
import io.fstore.store.online.ValueCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Review probes of issue #11, embedded store format 4: the upgrade of format 3 stores (also one interrupted part-way
 * by a real failure and resumed), every value type across the upgrade, feature renames/removals/additions between
 * runs, teardown and re-create, corrupt values, and concurrent writes and reads. Format 3 is built by hand from its
 * documented layout ({@code [count u16]([name len u16][name][ingestion micros i64][value len i32][ValueCodec])*}).
 */
class Format4ProbeTest {

    private static final Instant T1 = Instant.parse("2024-03-01T10:00:00.123456Z");
    private static final Instant T2 = Instant.parse("2024-03-02T10:00:00Z");

    @TempDir
    Path work;

    // ---------------------------------------------------------------- format 3 by hand

    private static byte[] key(String group, String entity) {
        return (group + '\0' + entity).getBytes(StandardCharsets.UTF_8);
    }

    /** One feature's format 3 slot. */
    private record Slot3(String name, Object value, Instant event, long ingestedMicros) {
    }

    private static byte[] format3(List<Slot3> slots) {
        List<byte[]> parts = new ArrayList<>();
        int size = 2;
        for (Slot3 s : slots) {
            byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
            byte[] value = ValueCodec.encode(s.value(), s.event());
            ByteBuffer b = ByteBuffer.allocate(2 + name.length + 8 + 4 + value.length);
            b.putShort((short) name.length).put(name).putLong(s.ingestedMicros()).putInt(value.length).put(value);
            parts.add(b.array());
            size += b.capacity();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putShort((short) slots.size());
        parts.forEach(out::put);
        return out.array();
    }

    private static void raw(Path dir, RocksWork work) throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true).setMergeOperatorName("max");
             RocksDB db = RocksDB.open(options, dir.toString())) {
            work.run(db);
        }
    }

    private interface RocksWork {
        void run(RocksDB db) throws Exception;
    }

    private static FeatureGroup group(String name, Feature... features) {
        return new FeatureGroup(name, "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()),
                new Trigger.Cron("0 */5 * * * ?"), false, Duration.ZERO, List.of(features));
    }

    private static Map<String, Object> values(Map<String, StoredValue> read) {
        Map<String, Object> out = new LinkedHashMap<>();
        read.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private static final List<Slot3> EVERY_TYPE = List.of(
            new Slot3("l", Long.MIN_VALUE, T1, 5),
            new Slot3("d", -0.0d, T1, 5),
            new Slot3("nan", Double.NaN, T1, 5),
            new Slot3("s", "é ü \u2603 ,/\"", T1, 5),
            new Slot3("empty", "", T1, 5),
            new Slot3("t", true, T1, 5),
            new Slot3("f", false, T1, 5),
            new Slot3("ts", Instant.parse("1969-12-31T23:59:59.999999Z"), T1, 5),
            new Slot3("dec", new BigDecimal("-12345678901234567890.12"), T1, 5),
            new Slot3("decneg", new BigDecimal("1E+3"), T1, 5),
            new Slot3("nul", null, T1, 5),
            new Slot3("older", 7L, Instant.parse("1900-01-01T00:00:00Z"), Long.MIN_VALUE));

    @Test
    void every_type_and_every_version_reads_back_the_same_after_the_upgrade_from_format_3() throws Exception {
        Path dir = work.resolve("online");
        raw(dir, db -> {
            db.put(key("g", "e1"), format3(EVERY_TYPE));
            db.put("\0format".getBytes(StandardCharsets.UTF_8), "3".getBytes(StandardCharsets.UTF_8));
        });
        List<String> names = EVERY_TYPE.stream().map(Slot3::name).toList();
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            Map<String, StoredValue> read = store.read("g", List.of("e1"), names).get(0);
            assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(names);
            for (Slot3 s : EVERY_TYPE) {
                assertThat(read.get(s.name()).value()).as(s.name()).isEqualTo(s.value());
                assertThat(read.get(s.name()).eventTimestamp()).as(s.name()).isEqualTo(s.event());
            }
            assertThat(Double.doubleToRawLongBits((Double) read.get("d").value()))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0d));
            assertThat(((BigDecimal) read.get("dec").value()).scale()).isEqualTo(2);
            assertThat(((BigDecimal) read.get("decneg").value()).scale()).isEqualTo(-3);

            // the versions survived: "older" (format 1 ingestion: the earliest) is replaced by a write at its event
            // time, "l" (ingested at 5) is not replaced by a write at an older event time
            FeatureGroup g = group("g", Feature.of("older", ValueType.LONG), Feature.of("l", ValueType.LONG));
            store.writeRows(g, List.of(new FeatureRow("e1", Instant.parse("1900-01-01T00:00:00Z"),
                    new Object[] {8L, 9L})), Instant.parse("2024-01-01T00:00:00Z"));
            Map<String, StoredValue> after = store.read("g", List.of("e1"), names).get(0);
            assertThat(after.get("older").value()).isEqualTo(8L);
            assertThat(after.get("l").value()).isEqualTo(Long.MIN_VALUE);
            assertThat(after.get("s").value()).isEqualTo("é ü \u2603 ,/\"");
        }
    }

    @Test
    void an_upgrade_that_fails_part_way_says_so_and_resumes_to_the_same_values_once_the_cause_is_gone()
            throws Exception {
        Path dir = work.resolve("online");
        int n = 25_000; // more than one upgrade batch (10,000)
        byte[] broken = key("g", String.format("e%05d", 17_000));
        raw(dir, db -> {
            for (int i = 0; i < n; i++) {
                String id = String.format("e%05d", i);
                Slot3 a = new Slot3("a", (long) i, T1, 1);
                Slot3 b = new Slot3("b", "v" + i, T2, 2);
                db.put(key("g", id), format3(List.of(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, // stored orders vary
                        new Slot3("c" + (i % 3), (double) i, T1, 3))));
            }
            db.put(broken, new byte[] {0, 1, 0}); // one value cut short: the upgrade fails on it
            db.put("\0format".getBytes(StandardCharsets.UTF_8), "3".getBytes(StandardCharsets.UTF_8));
        });
        assertThatThrownBy(() -> new EmbeddedOnlineStore(dir).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Cannot open the online store");
        raw(dir, db -> {
            assertThat(db.get("\0format".getBytes(StandardCharsets.UTF_8))).asString(StandardCharsets.UTF_8)
                    .isEqualTo("3");
            assertThat(db.get("\0upgraded-4-up-to".getBytes(StandardCharsets.UTF_8))).isNotNull(); // part done
            db.put(broken, format3(List.of(new Slot3("a", 17_000L, T1, 1), new Slot3("b", "v17000", T2, 2),
                    new Slot3("c" + (17_000 % 3), 17_000d, T1, 3))));
        });
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i += 7) {
                ids.add(String.format("e%05d", i));
            }
            ids.addAll(List.of("e09999", "e10000", "e10001", "e17000", "e24999"));
            List<Map<String, StoredValue>> read = store.read("g", ids, List.of("a", "b", "c0", "c1", "c2"));
            for (int k = 0; k < ids.size(); k++) {
                int i = Integer.parseInt(ids.get(k).substring(1));
                Map<String, Object> expected = new LinkedHashMap<>();
                expected.put("a", (long) i);
                expected.put("b", "v" + i);
                expected.put("c" + (i % 3), (double) i);
                assertThat(values(read.get(k))).as(ids.get(k)).isEqualTo(expected);
                assertThat(read.get(k).get("b").eventTimestamp()).isEqualTo(T2);
                assertThat(read.get(k).get("a").eventTimestamp()).isEqualTo(T1);
            }
        }
        raw(dir, db -> {
            assertThat(db.get("\0format".getBytes(StandardCharsets.UTF_8))).asString(StandardCharsets.UTF_8)
                    .isEqualTo("4");
            assertThat(db.get("\0upgraded-4-up-to".getBytes(StandardCharsets.UTF_8))).isNull();
        });
    }

    @Test
    void features_renamed_removed_added_and_re_added_between_runs_keep_their_own_values_also_after_reopening()
            throws Exception {
        Path dir = work.resolve("online");
        Instant ingest = Instant.parse("2024-05-01T00:00:00Z");
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            store.writeRows(group("g", Feature.of("a", ValueType.LONG), Feature.of("b", ValueType.STRING),
                    Feature.of("c", ValueType.DOUBLE)), List.of(
                    new FeatureRow("old", T1, new Object[] {1L, "b-old", 1.5}),
                    new FeatureRow("both", T1, new Object[] {2L, "b-both", 2.5})), ingest);
            // run 2: b removed, c renamed to c2, d added, features in another order
            store.writeRows(group("g", Feature.of("d", ValueType.BOOL), Feature.of("c2", ValueType.DOUBLE),
                    Feature.of("a", ValueType.LONG)), List.of(
                    new FeatureRow("both", T2, new Object[] {true, 3.5, 3L}),
                    new FeatureRow("new", T2, new Object[] {false, 4.5, 4L})), ingest.plusSeconds(1));
        }
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            List<Map<String, StoredValue>> read = store.read("g", List.of("old", "both", "new"),
                    List.of("a", "c2", "d"));
            assertThat(values(read.get(0))).isEqualTo(Map.of("a", 1L));
            assertThat(values(read.get(1))).isEqualTo(Map.of("a", 3L, "c2", 3.5, "d", true));
            assertThat(values(read.get(2))).isEqualTo(Map.of("a", 4L, "c2", 4.5, "d", false));
            // b re-added: the values it had are there again (the store never removes a feature's values)
            List<Map<String, StoredValue>> again = store.read("g", List.of("old", "both", "new"), List.of("b", "c"));
            assertThat(values(again.get(0))).isEqualTo(Map.of("b", "b-old", "c", 1.5));
            assertThat(values(again.get(1))).isEqualTo(Map.of("b", "b-both", "c", 2.5));
            assertThat(values(again.get(2))).isEmpty();
            assertThat(again.get(1).get("b").eventTimestamp()).isEqualTo(T1);
        }
    }

    @Test
    void teardown_then_create_again_starts_empty_and_leaves_a_group_with_a_longer_name_alone() throws Exception {
        Path dir = work.resolve("online");
        Instant ingest = Instant.parse("2024-05-01T00:00:00Z");
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            FeatureGroup g = group("g", Feature.of("a", ValueType.LONG), Feature.of("b", ValueType.LONG));
            FeatureGroup g2 = group("g2", Feature.of("a", ValueType.LONG));
            store.writeRows(g, List.of(new FeatureRow("e", T1, new Object[] {1L, 2L})), ingest);
            store.writeRows(g2, List.of(new FeatureRow("e", T1, new Object[] {9L})), ingest);
            store.teardown("g");
            assertThat(store.read("g", List.of("e"), List.of("a", "b")).get(0)).isEmpty();
            store.create(group("g", Feature.of("b", ValueType.LONG), Feature.of("z", ValueType.STRING)));
            store.writeRows(group("g", Feature.of("b", ValueType.LONG), Feature.of("z", ValueType.STRING)),
                    List.of(new FeatureRow("e", Instant.parse("2000-01-01T00:00:00Z"), new Object[] {5L, "z"})),
                    ingest);
            assertThat(values(store.read("g", List.of("e"), List.of("a", "b", "z")).get(0)))
                    .isEqualTo(Map.of("b", 5L, "z", "z")); // an older event time than before the teardown still lands
            assertThat(values(store.read("g2", List.of("e"), List.of("a")).get(0))).isEqualTo(Map.of("a", 9L));
        }
    }

    /**
     * A value that is not format 4 (cut short, or a format 3 value left behind, e.g. by a backup restored into an
     * upgraded folder): a read must fail, not answer values that were never written.
     */
    @Test
    void a_corrupt_value_fails_the_read_instead_of_answering_wrong_values() throws Exception {
        Path dir = work.resolve("online");
        Instant ingest = Instant.parse("2024-05-01T00:00:00Z");
        FeatureGroup g = group("g", Feature.of("a", ValueType.DOUBLE), Feature.of("b", ValueType.DOUBLE));
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            store.writeRows(g, List.of(new FeatureRow("good", T1, new Object[] {1.0, 2.0}),
                    new FeatureRow("cut", T1, new Object[] {1.0, 2.0})), ingest);
        }
        byte[] format3 = format3(List.of(new Slot3("a", 1.0, T1, 1), new Slot3("b", 2.0, T1, 1)));
        raw(dir, db -> {
            byte[] whole = db.get(key("g", "cut"));
            db.put(key("g", "cut"), Arrays.copyOf(whole, whole.length - 3));
            db.put(key("g", "tiny"), new byte[] {1, 2, 3});
            db.put(key("g", "old"), format3);
        });
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            assertThat(values(store.read("g", List.of("good"), List.of("a", "b")).get(0)))
                    .isEqualTo(Map.of("a", 1.0, "b", 2.0));
            for (String id : List.of("cut", "tiny", "old")) {
                List<Map<String, StoredValue>> answer = null;
                RuntimeException failed = null;
                try {
                    answer = store.read("g", List.of(id), List.of("a", "b"));
                } catch (RuntimeException e) {
                    failed = e;
                }
                assertThat(failed).as(id + " read as " + answer).isNotNull();
            }
        }
    }

    /**
     * Readers never see half a row (a and b come from one row: a == b), never go back in time, and a feature added to
     * the group while they read is either missing or from the same row; the writer's rows all land.
     */
    @Test
    void concurrent_writes_and_reads_see_whole_rows_in_order() throws Exception {
        Path dir = work.resolve("online");
        int entities = 200;
        List<String> ids = new ArrayList<>();
        for (int e = 0; e < entities; e++) {
            ids.add("e" + e);
        }
        FeatureGroup narrow = group("g", Feature.of("a", ValueType.LONG), Feature.of("b", ValueType.LONG));
        FeatureGroup wide = group("g", Feature.of("a", ValueType.LONG), Feature.of("c", ValueType.LONG),
                Feature.of("b", ValueType.LONG));
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        int rounds = 300;
        try (EmbeddedOnlineStore store = new EmbeddedOnlineStore(dir)) {
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    long[] seen = new long[entities];
                    while (!done.get() && problems.size() < 10) {
                        List<Map<String, StoredValue>> read = store.read("g", ids, List.of("a", "b", "c"));
                        for (int e = 0; e < entities; e++) {
                            Map<String, StoredValue> m = read.get(e);
                            if (m.isEmpty()) {
                                continue;
                            }
                            long a = (Long) m.get("a").value();
                            Object b = m.get("b") == null ? null : m.get("b").value();
                            if (b == null || a != (Long) b || a < seen[e]) {
                                problems.add("e" + e + ": a=" + a + " b=" + b + " seen " + seen[e]);
                            }
                            if (m.containsKey("c") && (Long) m.get("c").value() > a) {
                                problems.add("e" + e + ": c=" + m.get("c").value() + " newer than a=" + a);
                            }
                            seen[e] = a;
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (long round = 1; round <= rounds; round++) {
                List<FeatureRow> rows = new ArrayList<>();
                for (String id : ids) {
                    rows.add(round % 2 == 0
                            ? new FeatureRow(id, T1.plusSeconds(round), new Object[] {round, round, round})
                            : new FeatureRow(id, T1.plusSeconds(round), new Object[] {round, round}));
                }
                store.writeRows(round % 2 == 0 ? wide : narrow, rows, T2);
            }
            done.set(true);
            for (Thread reader : readers) {
                reader.join(10_000);
            }
            assertThat(problems).isEmpty();
            List<Map<String, StoredValue>> last = store.read("g", ids, List.of("a", "b", "c"));
            assertThat(last).allSatisfy(m -> assertThat(values(m))
                    .isEqualTo(Map.of("a", (long) rounds, "b", (long) rounds, "c", (long) rounds)));
        }
    }
}
