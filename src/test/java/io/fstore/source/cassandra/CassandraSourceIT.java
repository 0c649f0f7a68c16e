package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import io.fstore.model.FloatVector;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.RunSummary;
import io.fstore.source.contract.SourceContract;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.cassandra.CassandraConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * kind cassandra against a real Cassandra 5.0.9 node: what each CQL type becomes, rows streamed page by page, an
 * incremental read over many partitions, a query the node refuses, a value that does not coerce.
 */
class CassandraSourceIT {

    private static final TestCassandra CASSANDRA = TestCassandra.shared();

    @TempDir
    Path work;
    private String keyspace;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void keyspace() {
        keyspace = CASSANDRA.newKeyspace("source");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        CASSANDRA.dropKeyspace(keyspace);
    }

    private CqlSession cql() {
        return CASSANDRA.session();
    }

    private FStoreHarness fstore(String definition, Map<String, String> extra) throws Exception {
        Path features = work.resolve("features");
        Files.createDirectories(features);
        try (Stream<Path> old = Files.list(features)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        String name = definition.lines().findFirst().orElseThrow().substring("name: ".length()).trim();
        Files.writeString(features.resolve(name + ".yaml"), definition);
        Map<String, String> props = new HashMap<>(CASSANDRA.connection("cass"));
        props.putAll(Map.of("fstore.connection.cass.keyspace", keyspace, "fstore.chunk-size", "7"));
        props.putAll(extra);
        FStoreHarness h = new FStoreHarness(work, props);
        toClose.add(h);
        return h;
    }

    private static String group(String name, String source, String features) {
        return "name: " + name + "\n"
                + "entity: { name: thing, key: id }\n"
                + "source:\n  kind: cassandra\n  connection: cass\n" + source
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "quarantine: { tolerate_rows: 5 }\n"
                + "features:\n" + features;
    }

    @Test
    void cql_types_map_to_the_declared_feature_types_and_a_value_that_does_not_coerce_is_quarantined()
            throws Exception {
        cql().execute("CREATE TYPE " + keyspace + ".geo (lat double)");
        cql().execute("CREATE TYPE " + keyspace + ".address (city text, geo frozen<geo>)");
        cql().execute("CREATE TABLE " + keyspace + ".things (id uuid PRIMARY KEY, seen timeuuid, at timestamp, "
                + "born date, amount decimal, big varint, address frozen<address>, attrs map<text, int>, n text, "
                + "longs list<bigint>, tags set<text>, embedding vector<float, 3>)");
        UUID good = UUID.fromString("6f1c1f4e-3b1a-4c55-9e0a-1d2b3c4d5e6f");
        UUID bad = UUID.fromString("00000000-0000-4000-8000-000000000001");
        UUID seen = Uuids.startOf(1_709_280_000_000L);
        cql().execute("INSERT INTO " + keyspace + ".things (id, seen, at, born, amount, big, address, attrs, n, "
                + "longs, tags, embedding) VALUES (" + good + ", " + seen + ", '2024-03-01T08:00:00.123Z', "
                + "'1990-05-17', 1234.50, 9007199254740993, {city: 'Zürich', geo: {lat: 47.37}}, "
                + "{'color': 3, 'size': 9}, '12', [5, -2], {'b', 'a'}, [0.5, -1.25, 2.0])");
        cql().execute("INSERT INTO " + keyspace + ".things (id, seen, at, born, amount, big, address, attrs, n) "
                + "VALUES (" + bad + ", " + seen + ", '2024-03-01T09:00:00Z', '1991-01-01', 1, 1, "
                + "{city: 'Bern', geo: {lat: 46.9}}, {'color': 1}, 'abc')"); // no longs, tags, embedding: null
        FStoreHarness fstore = fstore(group("things",
                "  query: SELECT id, seen, at, born, amount, big, address, attrs, n, longs, tags, embedding "
                        + "FROM things\n"
                        + "  field_mapping: { seen: seen_id, address.city: city, address.geo.lat: lat, "
                        + "attrs.color: colors }\n"
                        + "  timestamp: at\n",
                "  - { name: seen_id, type: string }\n"
                        + "  - { name: born, type: timestamp }\n"
                        + "  - { name: amount, type: decimal, precision: 10, scale: 2 }\n"
                        + "  - { name: big, type: long }\n"
                        + "  - { name: city, type: string }\n"
                        + "  - { name: lat, type: double }\n"
                        + "  - { name: colors, type: long }\n"
                        + "  - { name: n, type: long }\n"
                        + "  - { name: longs, type: list<long> }\n"
                        + "  - { name: tags, type: list<string> }\n"
                        + "  - { name: embedding, type: vector, dimension: 3 }\n"), Map.of());

        RunSummary run = fstore.run("things");

        assertThat(run.rowsRead()).isEqualTo(2);
        assertThat(run.rowsStored()).isEqualTo(1);
        assertThat(run.rowsQuarantined()).isEqualTo(1);
        JsonNode f = fstore.getJson("/features/things/" + good).get("features");
        assertThat(f.get("seen_id").get("value").asText()).isEqualTo(seen.toString());
        assertThat(Instant.parse(f.get("born").get("value").asText())).isEqualTo(Instant.parse("1990-05-17T00:00:00Z"));
        assertThat(new BigDecimal(f.get("amount").get("value").asText())).isEqualByComparingTo("1234.50");
        assertThat(f.get("big").get("value").asLong()).isEqualTo(9_007_199_254_740_993L);
        assertThat(f.get("city").get("value").asText()).isEqualTo("Zürich");
        assertThat(f.get("lat").get("value").asDouble()).isEqualTo(47.37);
        assertThat(f.get("colors").get("value").asLong()).isEqualTo(3);
        assertThat(f.get("n").get("value").asLong()).isEqualTo(12);
        assertThat(f.get("longs").get("value").toString()).isEqualTo("[5,-2]");
        assertThat(f.get("tags").get("value").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(f.get("embedding").get("value").toString()).isEqualTo("[0.5,-1.25,2.0]");
        assertThat(Instant.parse(f.get("n").get("event_timestamp").asText()))
                .isEqualTo(Instant.parse("2024-03-01T08:00:00.123Z"));
        assertThat(SourceContract.quarantineReasons(fstore, "things")).singleElement()
                .satisfies(r -> assertThat(r).startsWith("feature n (long): "));
    }

    @Test
    void collections_tuples_and_vectors_become_lists_of_their_element_values() {
        cql().execute("CREATE TABLE " + keyspace + ".arrays (id int PRIMARY KEY, longs list<bigint>, tags set<text>, "
                + "pair tuple<int, text>, embedding vector<float, 3>, stops list<frozen<map<text, int>>>)");
        cql().execute("INSERT INTO " + keyspace + ".arrays (id, longs, tags, pair, embedding, stops) VALUES "
                + "(1, [3, 1, 2], {'b', 'a'}, (7, 'x'), [0.5, -1.25, 2.0], [{'a': 1}])");

        Row row = cql().execute("SELECT longs, tags, pair, embedding, stops FROM " + keyspace + ".arrays").one();
        Map<String, Object> record = new CassandraRows(null).record(row);

        assertThat(record.get("longs")).isEqualTo(List.of(3L, 1L, 2L));
        assertThat(record.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(record.get("pair")).isEqualTo(List.of(7, "x"));
        assertThat(record.get("embedding")).isEqualTo(FloatVector.of(0.5f, -1.25f, 2.0f));
        assertThat(record.get("stops")).isEqualTo(List.of(Map.of("a", 1)));

        // and the normalizer takes them as list<long>, list<string> and vector features
        List<io.fstore.definition.DefinitionError> errors = new ArrayList<>();
        io.fstore.model.FeatureGroup group = new io.fstore.definition.DefinitionLoader(Map.of("cass", "cassandra"))
                .parse("features/arrays.yaml", group("arrays", "  query: SELECT * FROM arrays\n  timestamp: at\n",
                        "  - { name: longs, type: list<long> }\n  - { name: tags, type: list<string> }\n"
                                + "  - { name: embedding, type: vector, dimension: 3 }\n"), errors).orElseThrow();
        Map<String, Object> keyed = new HashMap<>(record);
        keyed.put("id", "1");
        keyed.put("at", Instant.parse("2024-03-01T00:00:00Z"));
        io.fstore.normalize.NormalizedChunk chunk = new io.fstore.normalize.FeatureNormalizer(group)
                .normalize(List.of(keyed));
        assertThat(chunk.quarantined()).isEmpty();
        assertThat(chunk.rows().get(0).values()).containsExactly(List.of(3L, 1L, 2L), List.of("a", "b"),
                FloatVector.of(0.5f, -1.25f, 2.0f));
    }

    @Test
    void the_reply_streams_page_by_page_and_never_holds_more_than_one_page() throws Exception {
        cql().execute("CREATE TABLE " + keyspace + ".many (p int, i int, v text, PRIMARY KEY ((p), i))");
        PreparedStatement insert = cql().prepare("INSERT INTO " + keyspace + ".many (p, i, v) VALUES (0, ?, ?)");
        for (int from = 0; from < 2050; from += 50) {
            BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
            for (int i = from; i < from + 50; i++) {
                batch.addStatement(insert.bind(i, "row-" + i));
            }
            cql().execute(batch.build());
        }
        CassandraKind kind = new CassandraKind();
        ConnectionSettings settings = new ConnectionSettings("cass", "cassandra", Map.of("contact-points",
                CASSANDRA.contactPoint(), "local-datacenter", "datacenter1", "keyspace", keyspace, "username",
                TestCassandra.USER, "password", TestCassandra.PASSWORD, "connect-timeout", "10"),
                kind.connectionSettings());
        try (AutoCloseable session = kind.open(settings, Duration.ofSeconds(30));
             CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("cass", session);
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            SimpleStatement statement = SimpleStatement.builder("SELECT i, v FROM many WHERE p = ?")
                    .setPageSize(100).build();

            Object body = producer.requestBodyAndHeader(
                    "cql:bean:cass?resultSetConversionStrategy=#class:" + PagedRows.class.getName(),
                    new Object[] {new BindValues.Bind("0")}, CassandraConstants.CQL_QUERY, statement);

            ResultSet rows = (ResultSet) body;
            assertThat(rows.isFullyFetched()).as("only the first page fetched").isFalse();
            int read = 0;
            int mostHeld = 0;
            for (Row row : rows) {
                mostHeld = Math.max(mostHeld, rows.getAvailableWithoutFetching() + 1);
                assertThat(row.getInt("i")).isEqualTo(read);
                read++;
            }
            assertThat(read).isEqualTo(2050);
            assertThat(mostHeld).as("rows held at once").isEqualTo(100);
            assertThat(rows.getExecutionInfos()).as("pages fetched one by one").hasSize(21);
        }
    }

    @Test
    void an_incremental_read_over_many_partitions_moves_its_checkpoint_at_the_end_and_reads_only_newer_rows()
            throws Exception {
        cql().execute("CREATE TABLE " + keyspace + ".events (id text, ts timestamp, n bigint, "
                + "PRIMARY KEY ((id), ts))");
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        for (int i = 0; i < 40; i++) {
            insertEvent("e" + (i % 9), t0.plusSeconds(i * 60L), i);
        }
        String definition = group("events",
                "  query: SELECT id, ts, n FROM events ALLOW FILTERING\n"
                        + "  fetch_size: 4\n  timestamp: ts\n  incremental: { column: ts }\n",
                "  - { name: n, type: long }\n");
        FStoreHarness fstore = fstore(definition, Map.of());

        RunSummary first = fstore.run("events");
        assertThat(first.rowsRead()).isEqualTo(40);
        assertThat(first.checkpoint().get("value")).isEqualTo(t0.plusSeconds(39 * 60L).toString());

        insertEvent("e1", t0.plusSeconds(50 * 60L), 100);
        insertEvent("e5", t0.plusSeconds(45 * 60L), 101);
        insertEvent("e2", t0.plusSeconds(10), 102); // older than the checkpoint: not read again
        RunSummary second = fstore.run("events");

        assertThat(second.rowsRead()).isEqualTo(2);
        assertThat(second.checkpoint().get("value")).isEqualTo(t0.plusSeconds(50 * 60L).toString());
        assertThat(fstore.run("events").rowsRead()).isZero();
        assertThat(fstore.getJson("/features/events/e1").get("features").get("n").get("value").asLong())
                .isEqualTo(100);
        assertThat(fstore.getJson("/features/events/e5").get("features").get("n").get("value").asLong())
                .isEqualTo(101);
    }

    @Test
    void a_bound_the_node_would_have_to_filter_fails_the_run_naming_the_group_and_allow_filtering() throws Exception {
        cql().execute("CREATE TABLE " + keyspace + ".events (id text, ts timestamp, n bigint, "
                + "PRIMARY KEY ((id), ts))");
        insertEvent("e1", Instant.parse("2024-03-01T00:00:00Z"), 1);
        FStoreHarness fstore = fstore(group("nofilter",
                "  query: SELECT id, ts, n FROM events\n  timestamp: ts\n  incremental: { column: ts }\n",
                "  - { name: n, type: long }\n"), Map.of());
        RunSummary first = fstore.run("nofilter");
        assertThat(first.rowsRead()).isEqualTo(1);
        insertEvent("e2", Instant.parse("2024-03-02T00:00:00Z"), 2);

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try {
            assertThatThrownBy(() -> fstore.run("nofilter")).hasStackTraceContaining("ALLOW FILTERING");
        } finally {
            root.detachAppender(events);
        }

        assertThat(events.list).filteredOn(e -> e.getLevel() == Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().satisfies(m -> assertThat(m).startsWith("Run of group nofilter failed: "
                        + "InvalidQueryException: ").contains("use ALLOW FILTERING"));

        JsonNode state = new ObjectMapper().readTree(fstore.dataDir.resolve("state/nofilter.json").toFile());
        assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
        assertThat(state.path("lastRun").path("error").asText()).contains("ALLOW FILTERING");
        assertThat(state.path("checkpoint").path("value").asText()).isEqualTo("2024-03-01T00:00:00Z");
    }

    @Test
    void a_refused_login_fails_the_run_without_retrying_and_no_message_shows_the_password() throws Exception {
        assumeTrue(CASSANDRA.requiresLogin(), "the node takes any login (FSTORE_IT_CASSANDRA without logins)");
        cql().execute("CREATE TABLE " + keyspace + ".events (id text, ts timestamp, n bigint, "
                + "PRIMARY KEY ((id), ts))");
        insertEvent("e1", Instant.parse("2024-03-01T00:00:00Z"), 1);
        String wrong = "not-the-Secret-42";
        FStoreHarness fstore = fstore(group("login", "  query: SELECT id, ts, n FROM events\n  timestamp: ts\n",
                "  - { name: n, type: long }\n"), Map.of("fstore.connection.cass.password", wrong,
                "fstore.retry.max-redeliveries", "3", "fstore.retry.delay", "50"));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try {
            assertThatThrownBy(() -> fstore.run("login")).hasStackTraceContaining("AuthenticationException");
        } finally {
            root.detachAppender(events);
        }

        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneSatisfy(m -> assertThat(m).contains("On delivery attempt: 1"))
                .noneSatisfy(m -> assertThat(m).contains(wrong))
                .anySatisfy(m -> assertThat(m).startsWith("Run of group login failed: ")
                        .contains("password are incorrect"));
        String state = Files.readString(fstore.dataDir.resolve("state/login.json"));
        assertThat(state).contains("\"failed\"").doesNotContain(wrong);
    }

    private void insertEvent(String id, Instant ts, long n) {
        cql().execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".events (id, ts, n) VALUES (?, ?, ?)",
                id, ts, n));
    }
}
