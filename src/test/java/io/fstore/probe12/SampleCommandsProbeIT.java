package io.fstore.probe12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.runtime.FStoreCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** check and preview against failure paths on a real PostgreSQL server (and the packaged jar in its own JVM). */
class SampleCommandsProbeIT {

    private static final String TABLE = "fstore_probe12_items";
    private Path work;
    private final String app = "fstore-probe12-" + Long.toHexString(System.nanoTime());

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("fstore-probe12-");
        TestDatabases.execute(pg(), "DROP TABLE IF EXISTS " + TABLE);
        TestDatabases.execute(pg(), "CREATE TABLE " + TABLE + " (customer_id text, ts timestamptz, qty bigint)");
        TestDatabases.execute(pg(), "INSERT INTO " + TABLE + " SELECT 'c' || g, timestamptz '2026-01-01' "
                + "+ g * interval '1 minute', g FROM generate_series(1, 100) g");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            // a query a probe left running on the server is ended, then the table dropped
            TestDatabases.execute(pg(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = '" + app + "'");
            TestDatabases.execute(pg(), "DROP TABLE IF EXISTS " + TABLE);
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String pg() {
        return TestDatabases.postgres();
    }

    /** The test server's URL tagged with this test's application name (to find its queries on the server). */
    private String pgTagged() {
        return pg() + (pg().contains("?") ? "&" : "?") + "ApplicationName=" + app;
    }

    private static String group(String name, String connection, String query, String extraSource) {
        return "name: " + name + "\n"
                + "entity: { name: customer, key: customer_id }\n"
                + "source:\n"
                + "  kind: jdbc\n"
                + "  connection: " + connection + "\n"
                + "  query: \"" + query + "\"\n"
                + "  timestamp: ts\n"
                + extraSource
                + "schedule: \"0 0 * * * ?\"\n"
                + "features:\n"
                + "  - { name: qty, type: long }\n";
    }

    private record Command(int exit, String output, long millis) {
        String line(String group) {
            return output.lines().filter(l -> l.matches("(ok|FAIL) +" + group + " .*")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for group " + group + " in:\n" + output));
        }
    }

    private void configure(Map<String, String> props, List<String> groups) throws Exception {
        Path features = work.resolve("features");
        Files.createDirectories(features);
        for (String g : groups) {
            String name = g.lines().findFirst().orElseThrow().substring("name: ".length()).trim();
            Files.writeString(features.resolve(name + ".yaml"), g);
        }
        StringBuilder text = new StringBuilder("fstore.demo.seed = false\n")
                .append("fstore.features-dir = ").append(features).append('\n')
                .append("fstore.data-dir = ").append(work.resolve("data")).append('\n');
        props.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(work.resolve("application.properties"), text);
    }

    private Map<String, String> src() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fstore.connection.src.kind", "jdbc");
        p.put("fstore.connection.src.url", pgTagged());
        return p;
    }

    /** The command in this JVM, as the contract suite runs it. */
    private Command inProcess(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = FStoreCli.run(work, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), args);
        return new Command(exit, out.toString(StandardCharsets.UTF_8),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The command as a user runs it: the packaged jar in a JVM of its own, everything it prints (logs too). */
    private Command jar(String... args) throws Exception {
        Path jar = Path.of("target/fstore.jar").toAbsolutePath();
        assertThat(jar).as("mvn package ran").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Command(p.exitValue(), output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private List<String> serverQueries() throws Exception {
        List<String> queries = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state || ': ' || query FROM pg_stat_activity "
                     + "WHERE application_name = '" + app + "' AND state <> 'idle'")) {
            while (rs.next()) {
                queries.add(rs.getString(1));
            }
        }
        return queries;
    }

    @Test
    void check_of_a_hanging_source_fails_in_about_30_s_and_leaves_no_query_running_on_the_server() throws Exception {
        configure(src(), List.of(group("hang", "src",
                "SELECT 'c1' AS customer_id, now() AS ts, 1 AS qty FROM pg_sleep(600)", "")));

        Command r = inProcess("check");

        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.line("hang")).startsWith("FAIL  hang (jdbc via src): cannot read the source: ")
                .contains("within 30 s");
        assertThat(r.millis()).as("the timeout holds").isBetween(25_000L, 45_000L);
        Thread.sleep(2000);
        assertThat(serverQueries()).as("the sampled query is cancelled on the server, not left running").isEmpty();
    }

    @Test
    void preview_of_a_source_of_millions_of_rows_stops_after_the_first_chunk() throws Exception {
        // generate_series in the select list streams (a FROM function would be materialized by the server first)
        configure(src(), List.of(group("big", "src", "SELECT 'c' || g AS customer_id, timestamptz '2026-01-01' "
                + "+ g * interval '1 second' AS ts, g AS qty FROM (SELECT generate_series(1, 300000000) AS g) s",
                "")));

        Command r = inProcess("preview", "big", "--rows", "3");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("3 row(s) of 3 read; 0 quarantined");
        assertThat(r.output().lines().filter(l -> l.startsWith("c1 ") || l.startsWith("c2 ") || l.startsWith("c3 ")))
                .hasSize(3);
        assertThat(r.millis()).as("not the whole result").isLessThan(20_000L);
        Thread.sleep(1000);
        assertThat(serverQueries()).as("the cursor is closed on the server").isEmpty();
    }

    @Test
    void preview_shows_the_first_rows_of_a_query_that_fails_only_further_on() throws Exception {
        // OFFSET 0 keeps the division above the sort: row 50 fails when it is fetched, not before the first row
        configure(src(), List.of(group("mid", "src", "SELECT customer_id, ts, 10 / (50 - qty) AS qty FROM (SELECT * "
                + "FROM " + TABLE + " ORDER BY qty OFFSET 0) s", "")));

        Command preview = inProcess("preview", "mid", "--rows", "3");
        Command check = inProcess("check", "mid");

        assertThat(preview.exit()).as(preview.output()).isZero();
        assertThat(preview.output()).contains("3 row(s) of 3 read; 0 quarantined");
        assertThat(check.exit()).as(check.output()).isZero(); // 20 rows read (one chunk more read ahead): row 50 is beyond
        assertThat(check.line("mid")).startsWith("ok    mid (jdbc via src): 20 row(s) read");
    }

    @Test
    void check_of_a_query_that_fails_within_the_sampled_rows_names_the_server_reason() throws Exception {
        configure(src(), List.of(group("mid", "src", "SELECT customer_id, ts, 10 / (5 - qty) AS qty FROM " + TABLE
                + " ORDER BY qty", "")));

        Command check = inProcess("check", "mid");

        assertThat(check.exit()).as(check.output()).isEqualTo(1);
        assertThat(check.line("mid")).startsWith("FAIL  mid (jdbc via src): cannot read the source: ")
                .contains("division by zero");
    }

    @Test
    void a_group_whose_source_returns_no_rows_is_ok_in_check_and_an_empty_table_in_preview() throws Exception {
        configure(src(), List.of(group("empty", "src", "SELECT customer_id, ts, qty FROM " + TABLE
                + " WHERE qty < 0", "")));

        Command check = inProcess("check");
        Command preview = inProcess("preview", "empty");

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.line("empty")).isEqualTo("ok    empty (jdbc via src): the source returned no rows (only the "
                + "schema was checked, if the kind has one)");
        assertThat(preview.exit()).as(preview.output()).isZero();
        assertThat(preview.output().lines().toList()).containsExactly("customer_id | event_timestamp | qty (long)",
                "------------|-----------------|-----------", "0 row(s) of 0 read; 0 quarantined");
    }

    @Test
    void check_of_many_groups_reports_each_when_one_connection_is_unreachable() throws Exception {
        Map<String, String> props = src();
        props.put("fstore.connection.dead.kind", "jdbc");
        props.put("fstore.connection.dead.url", "jdbc:postgresql://127.0.0.1:1/test?user=postgres");
        props.put("fstore.connection.dead.connect-timeout", "2");
        props.put("fstore.connection.mdead.kind", "mongodb");
        props.put("fstore.connection.mdead.uri", "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=2000");
        String mongo = "name: m\nentity: { name: customer, key: customer_id }\nsource:\n  kind: mongodb\n"
                + "  connection: mdead\n  database: d\n  collection: c\n  timestamp: ts\nschedule: \"0 0 * * * ?\"\n"
                + "features:\n  - { name: qty, type: long }\n";
        configure(props, List.of(group("a", "src", "SELECT customer_id, ts, qty FROM " + TABLE, ""),
                group("b", "dead", "SELECT 1", ""), mongo,
                group("z", "src", "SELECT customer_id, ts, qty FROM " + TABLE, "")));

        Command r = inProcess("check");

        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.line("a")).startsWith("ok    a (jdbc via src): 20 row(s) read");
        assertThat(r.line("b")).startsWith("FAIL  b (jdbc via dead): ");
        assertThat(r.line("m")).startsWith("FAIL  m (mongodb via mdead): cannot read the source: ");
        assertThat(r.line("z")).startsWith("ok    z (jdbc via src): 20 row(s) read");
        assertThat(r.millis()).as("unreachable servers fail within their connect timeouts").isLessThan(30_000L);
    }

    @Test
    void the_jar_prints_one_line_per_group_and_no_secret_even_in_its_logs() throws Exception {
        String jdbcSecret = "UrlS3cret" + Long.toHexString(System.nanoTime());
        String mongoSecret = "MongoS3cret" + Long.toHexString(System.nanoTime());
        Map<String, String> props = src();
        props.put("fstore.connection.dead.kind", "jdbc");
        props.put("fstore.connection.dead.url", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password="
                + jdbcSecret);
        props.put("fstore.connection.dead.connect-timeout", "2");
        props.put("fstore.connection.mdead.kind", "mongodb");
        props.put("fstore.connection.mdead.uri", "mongodb://probe:" + mongoSecret
                + "@127.0.0.1:1/?serverSelectionTimeoutMS=2000");
        String mongo = "name: m\nentity: { name: customer, key: customer_id }\nsource:\n  kind: mongodb\n"
                + "  connection: mdead\n  database: d\n  collection: c\n  timestamp: ts\nschedule: \"0 0 * * * ?\"\n"
                + "features:\n  - { name: qty, type: long }\n";
        configure(props, List.of(group("a", "src", "SELECT customer_id, ts, qty FROM " + TABLE, ""),
                group("b", "dead", "SELECT 1", ""), mongo));

        Command r = jar("check");

        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).doesNotContain(jdbcSecret).doesNotContain(mongoSecret);
        assertThat(r.output().lines().toList()).as("one line per group, nothing else").hasSize(3)
                .allSatisfy(l -> assertThat(l).matches("(ok|FAIL) +(a|b|m) .*"));
    }

    @Test
    void check_and_preview_while_fstore_runs_on_the_same_data_dir_read_from_the_start_and_move_no_checkpoint()
            throws Exception {
        String incremental = group("inc", "src", "SELECT customer_id, ts, qty FROM " + TABLE
, "  incremental: { column: ts }\n");
        configure(src(), List.of(incremental));
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("fstore.features-dir", work.resolve("features").toString());
        src().forEach(overrides::put);
        try (FStoreHarness fstore = new FStoreHarness(work, overrides)) {
            assertThat(fstore.run("inc").rowsRead()).isEqualTo(100);
            Path state = work.resolve("data/state/inc.json");
            assertThat(state).exists();
            String before = Files.readString(state);
            long modified = Files.getLastModifiedTime(state).toMillis();

            Command check = inProcess("check");
            Command preview = inProcess("preview", "inc", "--rows", "2");

            assertThat(check.exit()).as(check.output()).isZero();
            assertThat(check.line("inc")).startsWith("ok    inc (jdbc via src): 20 row(s) read");
            assertThat(preview.exit()).as(preview.output()).isZero();
            assertThat(preview.output()).as("from the start, not after the checkpoint")
                    .contains("c1          | 2026-01-01T00:01:00Z | 1").contains("c2          | 2026-01-01T00:02:00Z | 2");
            assertThat(Files.readString(state)).isEqualTo(before);
            assertThat(Files.getLastModifiedTime(state).toMillis()).isEqualTo(modified);
        }
    }
}
