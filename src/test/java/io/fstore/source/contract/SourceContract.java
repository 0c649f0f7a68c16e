package io.fstore.source.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every source kind must do, against a real server of that kind: one subclass per kind and server. Each test
 * makes its own dataset (a table, a collection) and its own FStore, so tests do not depend on each other's order.
 *
 * <p>The records are the same for every kind: a customer key, one field per feature type (long, double, string,
 * bool, decimal, timestamp) and an event time ({@code updated_at}, also the incremental field), with millisecond
 * times (MongoDB's precision).
 */
public abstract class SourceContract {

    /** One source record; {@code customer} null is a bad record (no entity key). */
    public record Item(String customer, long qty, double score, String segment, boolean vip, BigDecimal balance,
                       Instant firstAt, Instant updatedAt) {
    }

    /** Where one test's records live in the server: created empty, dropped on close. */
    public interface Dataset extends AutoCloseable {
        void insert(List<Item> items) throws Exception;

        @Override
        void close() throws Exception;
    }

    protected static final String CONNECTION = "src";
    private static final int CUSTOMERS = 12;

    @TempDir
    Path work;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Random random = new Random(11);
    private Instant clock = Instant.parse("2024-03-01T08:00:00.123Z");

    /** A new, empty dataset with a name no other test uses. */
    protected abstract Dataset newDataset() throws Exception;

    /** The {@code fstore.connection.src.*} properties of a reachable server. */
    protected abstract Map<String, String> connection();

    /** The same for a server that cannot be reached (a closed port), failing within seconds. */
    protected abstract Map<String, String> unreachableConnection();

    /**
     * The {@code fstore.connection.src.*} properties of the reachable server with credentials it refuses (a wrong
     * password, or a user it does not know where the server checks no password); the secret in it is
     * {@link #WRONG_SECRET}.
     */
    protected abstract Map<String, String> wrongCredentialsConnection();

    /** The password (or other secret) of {@link #wrongCredentialsConnection}, which no output may show. */
    protected static final String WRONG_SECRET = "Wr0ng-S3cret-" + Long.toHexString(System.nanoTime());

    /** The kind's own {@code source:} lines (indented two spaces) reading every field of the dataset's records. */
    protected abstract String wideSource(Dataset dataset);

    /**
     * Lines reading the dataset in the long shape: one feature ({@code amount}) from records that hold
     * {@code entity_id}, {@code value} and {@code ts} (the customer, the balance, the event time).
     */
    protected abstract String longSource(Dataset dataset);

    /** Lines of a source on the dataset that the server refuses when it is read (a missing table, a bad operator). */
    protected abstract String refusedSource(Dataset dataset);

    protected abstract String kind();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void every_feature_type_arrives_offline_and_online_with_its_value_and_type() throws Exception {
        Dataset data = dataset();
        List<Item> items = items(60);
        data.insert(items);
        FStoreHarness fstore = start(group("wide", wideSource(data), ""), Map.of());

        RunSummary run = fstore.run("wide");

        assertThat(run.rowsRead()).isEqualTo(items.size());
        assertThat(run.rowsStored()).isEqualTo(items.size());
        Map<String, Object> types = new TreeMap<>();
        fstore.duckdb("DESCRIBE SELECT * FROM read_parquet('{offline}/wide/*/*.parquet')")
                .forEach(r -> types.put((String) r.get("column_name"), r.get("column_type")));
        assertThat(types).containsEntry("qty", "BIGINT").containsEntry("score", "DOUBLE")
                .containsEntry("segment", "VARCHAR").containsEntry("vip", "BOOLEAN")
                .containsEntry("balance", "DECIMAL(12,2)").containsEntry("first_at", "TIMESTAMP WITH TIME ZONE");
        List<Map<String, Object>> rows = fstore.duckdb("SELECT customer_id, qty, score, segment, vip, "
                + "CAST(balance AS VARCHAR) AS balance, epoch_ms(first_at) AS first_at, "
                + "epoch_ms(event_timestamp) AS ts FROM read_parquet('{offline}/wide/*/*.parquet')");
        assertThat(rows.stream().map(SourceContract::offlineLine).sorted().toList())
                .isEqualTo(items.stream().map(SourceContract::itemLine).sorted().toList());
        assertOnlineHoldsNewestPerCustomer(fstore, "wide", items);
    }

    @Test
    void the_long_shape_entity_id_value_timestamp_is_read_as_one_feature() throws Exception {
        Dataset data = dataset();
        List<Item> items = items(30);
        data.insert(items);
        FStoreHarness fstore = start(group("amounts", longSource(data), "",
                "  - { name: amount, type: decimal, precision: 12, scale: 2 }\n"), Map.of());

        RunSummary run = fstore.run("amounts");

        assertThat(run.rowsStored()).isEqualTo(items.size());
        Map<String, Item> newest = newestPerCustomer(items);
        for (Map.Entry<String, Item> e : newest.entrySet()) {
            JsonNode amount = fstore.getJson("/features/amounts/" + e.getKey()).get("features").get("amount");
            assertThat(new BigDecimal(amount.get("value").asText())).isEqualByComparingTo(e.getValue().balance());
            assertThat(Instant.parse(amount.get("event_timestamp").asText())).isEqualTo(e.getValue().updatedAt());
        }
    }

    @Test
    void an_incremental_group_resumes_after_a_restart_reading_exactly_the_newer_records() throws Exception {
        Dataset data = dataset();
        List<Item> first = items(40);
        data.insert(first);
        write(group("inc", wideSource(data) + "  incremental: { column: updated_at }\n", ""));
        List<Item> all = new ArrayList<>(first);
        try (FStoreHarness fstore = new FStoreHarness(work, settings(Map.of()))) {
            RunSummary run = fstore.run("inc");
            assertThat(run.rowsRead()).isEqualTo(40);
            assertThat(run.checkpoint().get("value")).isEqualTo(newestTime(first).toString());
        }
        List<Item> later = items(9);
        data.insert(later);
        all.addAll(later);
        try (FStoreHarness fstore = new FStoreHarness(work, settings(Map.of()))) {
            RunSummary resumed = fstore.run("inc");

            assertThat(resumed.rowsRead()).as("only the records newer than the checkpoint").isEqualTo(9);
            assertThat(resumed.checkpoint().get("value")).isEqualTo(newestTime(later).toString());
            assertThat(fstore.run("inc").rowsRead()).as("nothing new, nothing read").isZero();
            List<Map<String, Object>> rows = fstore.duckdb("SELECT customer_id, qty, score, segment, vip, "
                    + "CAST(balance AS VARCHAR) AS balance, epoch_ms(first_at) AS first_at, "
                    + "epoch_ms(event_timestamp) AS ts FROM read_parquet('{offline}/inc/*/*.parquet')");
            assertThat(rows.stream().map(SourceContract::offlineLine).sorted().toList())
                    .isEqualTo(all.stream().map(SourceContract::itemLine).sorted().toList());
            assertOnlineHoldsNewestPerCustomer(fstore, "inc", all);
        }
    }

    @Test
    void bad_records_are_quarantined_with_their_reason_and_counted() throws Exception {
        Dataset data = dataset();
        List<Item> good = items(20);
        Item noKey = new Item(null, 1, 1.0, "x", false, new BigDecimal("1.00"), clock, tick());
        Item tooBig = new Item("c999", 1, 1.0, "x", false, new BigDecimal("123456789012345.00"), clock, tick());
        List<Item> all = new ArrayList<>(good);
        all.add(noKey);
        all.add(tooBig);
        data.insert(all);
        FStoreHarness fstore = start(group("bad", wideSource(data), "quarantine: { tolerate_rows: 5 }\n"), Map.of());

        RunSummary run = fstore.run("bad");

        assertThat(run.rowsRead()).isEqualTo(22);
        assertThat(run.rowsStored()).isEqualTo(20);
        assertThat(run.rowsQuarantined()).isEqualTo(2);
        List<String> reasons = quarantineReasons(fstore, "bad");
        assertThat(reasons).hasSize(2);
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("entity key customer").endsWith("is null"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("feature balance (decimal): ")
                .contains("does not fit decimal(12,2)"));
    }

    @Test
    void a_refused_read_fails_the_run_keeps_the_checkpoint_and_the_next_good_run_converges() throws Exception {
        Dataset data = dataset();
        List<Item> first = items(15);
        data.insert(first);
        String good = group("flaky", wideSource(data) + "  incremental: { column: updated_at }\n", "");
        String checkpoint;
        try (FStoreHarness fstore = start(good, Map.of())) {
            checkpoint = fstore.run("flaky").checkpoint().get("value");
        }
        List<Item> later = items(5);
        data.insert(later);
        write(group("flaky", refusedSource(data) + "  incremental: { column: updated_at }\n", ""));
        try (FStoreHarness fstore = new FStoreHarness(work, settings(Map.of()))) {
            assertThatThrownBy(() -> fstore.run("flaky")).isNotNull();

            JsonNode state = state(fstore, "flaky");
            assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(state.path("lastRun").path("error").asText()).isNotBlank();
            assertThat(state.path("checkpoint").path("value").asText()).as("unmoved").isEqualTo(checkpoint);
        }
        write(good);
        try (FStoreHarness fstore = new FStoreHarness(work, settings(Map.of()))) {
            RunSummary next = fstore.run("flaky");

            assertThat(next.rowsRead()).isEqualTo(5);
            assertThat(next.checkpoint().get("value")).isEqualTo(newestTime(later).toString());
            List<Item> all = new ArrayList<>(first);
            all.addAll(later);
            assertOnlineHoldsNewestPerCustomer(fstore, "flaky", all);
        }
    }

    @Test
    void an_unreachable_server_fails_the_run_with_an_error_naming_the_group() throws Exception {
        Dataset data = dataset();
        write(group("far", wideSource(data), ""));
        Map<String, String> props = new HashMap<>(unreachableConnection());
        props.put("fstore.retry.max-redeliveries", "1");
        props.put("fstore.retry.delay", "50");
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        root.addAppender(events);
        long started = System.nanoTime();
        try (FStoreHarness fstore = new FStoreHarness(work, withDefaults(props))) {
            assertThatThrownBy(() -> fstore.run("far")).isNotNull();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(45));
            assertThat(state(fstore, "far").path("lastRun").path("status").asText()).isEqualTo("failed");
            assertThat(events.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("Run of group far failed"));
        } finally {
            root.detachAppender(events);
        }
    }

    @Test
    void check_reads_the_first_rows_and_names_each_group_whose_fields_do_not_read_as_declared() throws Exception {
        Dataset data = dataset();
        data.insert(items(30));
        String wide = group("wide", wideSource(data), "");
        String missing = group("missing", wideSource(data), "", FEATURES + "  - { name: nowhere, type: long }\n");
        String badType = group("badtype", wideSource(data), "", FEATURES.replace("segment, type: string",
                "segment, type: long"));

        Command all = command(connection(), List.of(wide, missing, badType), "check");

        assertThat(all.exit()).as(all.output()).isEqualTo(1);
        assertThat(all.line("wide")).startsWith("ok    wide (" + kind() + " via src): 20 row(s) read, every field "
                + "reads as declared");
        assertThat(all.line("missing")).startsWith("FAIL  missing (" + kind() + " via src): ")
                .contains("nowhere").endsWith("[" + work.resolve("features/missing.yaml") + "]");
        assertThat(all.line("badtype")).startsWith("FAIL  badtype (" + kind() + " via src): ")
                .contains("feature segment (long): cannot read 'gold' (String) as long (")
                .contains("feature segment (long): cannot read 'silver-é' (String) as long (")
                .containsPattern("\\((\\d+) of 20 rows\\).*\\((\\d+) of 20 rows\\)");
        assertThat(work.resolve("data/state")).as("check writes nothing").doesNotExist();
        assertThat(work.resolve("data/offline")).as("check writes nothing").doesNotExist();

        Command one = command(connection(), List.of(wide, missing, badType), "check", "wide");
        assertThat(one.exit()).as(one.output()).isZero();
        assertThat(one.output()).contains("ok    wide").doesNotContain("missing").doesNotContain("badtype");
    }

    @Test
    void check_names_the_group_whose_credentials_the_server_refuses_and_never_shows_the_secret() throws Exception {
        Dataset data = dataset();
        data.insert(items(5));

        Command r = command(wrongCredentialsConnection(), List.of(group("wide", wideSource(data), "")), "check");

        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.line("wide")).startsWith("FAIL  wide (" + kind() + " via src): cannot read the source: ");
        assertThat(r.output()).doesNotContain(WRONG_SECRET);
    }

    @Test
    void preview_shows_the_rows_as_they_would_be_stored_and_why_a_bad_one_would_be_quarantined() throws Exception {
        Dataset data = dataset();
        List<Item> items = new ArrayList<>(items(6));
        Item bad = new Item(null, 1, 2.5, "gold", true, BigDecimal.ONE, items.get(0).firstAt(), tick());
        items.add(bad);
        data.insert(items);

        Command r = command(connection(), List.of(group("wide", wideSource(data), "")), "preview", "wide",
                "--rows", "50");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().lines().findFirst().orElseThrow()).startsWith("customer_id | event_timestamp")
                .contains("| qty (long)").contains("| balance (decimal)").contains("| first_at (timestamp)");
        for (Item i : items.subList(0, 6)) {
            assertThat(r.output().lines()).as("the row of %s", i)
                    .anySatisfy(line -> assertThat(line).startsWith(i.customer() + " ")
                            .contains(" | " + i.updatedAt() + " ").contains(" | " + i.qty() + " ")
                            .contains(" | " + i.balance().toPlainString() + " "));
        }
        assertThat(r.output()).contains("6 row(s) of 7 read; 1 quarantined")
                .containsPattern("quarantined: entity key \\S+ is null");
        assertThat(work.resolve("data/state")).as("preview writes nothing").doesNotExist();
    }

    // ---- helpers ----

    private static final String FEATURES = """
              - { name: qty, type: long }
              - { name: score, type: double }
              - { name: segment, type: string }
              - { name: vip, type: bool }
              - { name: balance, type: decimal, precision: 12, scale: 2 }
              - { name: first_at, type: timestamp }
            """;

    /** A command's exit code and output (stdout then stderr). */
    private record Command(int exit, String output) {
        /** The line about one group. */
        String line(String group) {
            return output.lines().filter(l -> l.matches("(ok|FAIL) +" + group + " .*")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for group " + group + " in:\n" + output));
        }
    }

    /** {@code java -jar fstore.jar <args>} in {@code work}, in this JVM, with these connection settings and groups. */
    private Command command(Map<String, String> connection, List<String> definitions, String... args)
            throws Exception {
        Path features = work.resolve("features");
        Files.createDirectories(features);
        for (String definition : definitions) {
            String name = definition.lines().findFirst().orElseThrow().substring("name: ".length()).trim();
            Files.writeString(features.resolve(name + ".yaml"), definition);
        }
        StringBuilder props = new StringBuilder("fstore.demo.seed = false\n")
                .append("fstore.features-dir = ").append(features).append('\n')
                .append("fstore.data-dir = ").append(work.resolve("data")).append('\n');
        connection.forEach((k, v) -> props.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(work.resolve("application.properties"), props);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = io.fstore.runtime.FStoreCli.run(work, new java.io.PrintStream(out, true, "UTF-8"),
                new java.io.PrintStream(err, true, "UTF-8"), args);
        return new Command(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8)
                + err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Dataset dataset() throws Exception {
        Dataset d = newDataset();
        toClose.add(d);
        return d;
    }

    private FStoreHarness start(String definition, Map<String, String> extra) throws Exception {
        write(definition);
        FStoreHarness h = new FStoreHarness(work, settings(extra));
        toClose.add(h);
        return h;
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(connection());
        all.putAll(extra);
        return withDefaults(all);
    }

    private static Map<String, String> withDefaults(Map<String, String> props) {
        Map<String, String> all = new HashMap<>(props);
        all.putIfAbsent("fstore.chunk-size", "7");
        return all;
    }

    private void write(String definition) throws Exception {
        Path features = work.resolve("features");
        Files.createDirectories(features);
        String name = definition.lines().findFirst().orElseThrow().substring("name: ".length()).trim();
        try (Stream<Path> old = Files.list(features)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(features.resolve(name + ".yaml"), definition);
    }

    private String group(String name, String sourceLines, String extraTop) {
        return group(name, sourceLines, extraTop, FEATURES);
    }

    private String group(String name, String sourceLines, String extraTop, String features) {
        return "name: " + name + "\n"
                + "entity: { name: customer, key: customer_id }\n"
                + "source:\n"
                + "  kind: " + kind() + "\n"
                + "  connection: " + CONNECTION + "\n"
                + sourceLines
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + extraTop
                + "features:\n" + features;
    }

    /** Records for several customers, each strictly newer than the one before. */
    protected List<Item> items(int n) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String customer = String.format(Locale.ROOT, "c%03d", 1 + random.nextInt(CUSTOMERS));
            items.add(new Item(customer, random.nextInt(1_000_000) - 500_000L,
                    Math.round(random.nextDouble() * 1e6) / 1e3, random.nextBoolean() ? "gold" : "silver-é",
                    random.nextBoolean(), BigDecimal.valueOf(random.nextInt(10_000_000) - 5_000_000, 2),
                    clock.minus(random.nextInt(900), ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS), tick()));
        }
        return items;
    }

    private Instant tick() {
        clock = clock.plus(1 + random.nextInt(3_600_000), ChronoUnit.MILLIS);
        return clock;
    }

    private static Instant newestTime(List<Item> items) {
        return items.stream().map(Item::updatedAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static Map<String, Item> newestPerCustomer(List<Item> items) {
        return items.stream().filter(i -> i.customer() != null).collect(Collectors.toMap(Item::customer, i -> i,
                (a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b, TreeMap::new));
    }

    private static void assertOnlineHoldsNewestPerCustomer(FStoreHarness fstore, String group, List<Item> items)
            throws Exception {
        for (Map.Entry<String, Item> e : newestPerCustomer(items).entrySet()) {
            Item i = e.getValue();
            JsonNode f = fstore.getJson("/features/" + group + "/" + e.getKey()).get("features");
            assertThat(f.get("qty").get("value").asLong()).as(e.getKey()).isEqualTo(i.qty());
            assertThat(f.get("score").get("value").asDouble()).isEqualTo(i.score());
            assertThat(f.get("segment").get("value").asText()).isEqualTo(i.segment());
            assertThat(f.get("vip").get("value").asBoolean()).isEqualTo(i.vip());
            assertThat(new BigDecimal(f.get("balance").get("value").asText())).isEqualByComparingTo(i.balance());
            assertThat(Instant.parse(f.get("first_at").get("value").asText())).isEqualTo(i.firstAt());
            assertThat(Instant.parse(f.get("qty").get("event_timestamp").asText())).isEqualTo(i.updatedAt());
        }
    }

    private static String itemLine(Item i) {
        return String.join("|", i.customer(), String.valueOf(i.qty()), String.valueOf(i.score()), i.segment(),
                String.valueOf(i.vip()), i.balance().setScale(2).toPlainString(),
                String.valueOf(i.firstAt().toEpochMilli()), String.valueOf(i.updatedAt().toEpochMilli()));
    }

    private static String offlineLine(Map<String, Object> r) {
        return String.join("|", (String) r.get("customer_id"), String.valueOf(r.get("qty")),
                String.valueOf(r.get("score")), (String) r.get("segment"), String.valueOf(r.get("vip")),
                (String) r.get("balance"), String.valueOf(r.get("first_at")), String.valueOf(r.get("ts")));
    }

    private static JsonNode state(FStoreHarness fstore, String group) throws Exception {
        return new ObjectMapper().readTree(fstore.dataDir.resolve("state/" + group + ".json").toFile());
    }

    /** The reasons of a group's quarantined records, from its quarantine files. */
    public static List<String> quarantineReasons(FStoreHarness fstore, String group) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> reasons = new ArrayList<>();
        try (Stream<Path> files = Files.walk(fstore.dataDir.resolve("quarantine/" + group))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    reasons.add(json.readTree(line).get("reason").asText());
                }
            }
        }
        return reasons;
    }
}
