package io.fstore.probe12b;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.source.RunSummary;
import io.fstore.source.cassandra.TestCassandra;
import io.fstore.source.contract.SourceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe (#12), kind cassandra on the real node: inet/duration/blob, a null UDT and a UDT with a null field, a UDT inside
 * a list, a bind value that looks like CQL, and an incremental query whose CQL ends in a comment.
 */
class CassandraTypesProbeIT {

    private static final TestCassandra CASSANDRA = TestCassandra.shared();

    @TempDir
    Path work;
    private String keyspace;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void keyspace() {
        keyspace = CASSANDRA.newKeyspace("probe12b");
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

    private FStoreHarness fstore(String name, String source, String features) throws Exception {
        Path dir = work.resolve("features");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\n"
                + "entity: { name: thing, key: id }\n"
                + "source:\n  kind: cassandra\n  connection: cass\n" + source
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "quarantine: { tolerate_rows: 5 }\n"
                + "features:\n" + features);
        Map<String, String> props = new HashMap<>(CASSANDRA.connection("cass"));
        props.put("fstore.connection.cass.keyspace", keyspace);
        FStoreHarness h = new FStoreHarness(work, props);
        toClose.add(h);
        return h;
    }

    @Test
    void inet_and_duration_read_as_text_and_a_udt_field_that_is_null_is_a_null_feature() throws Exception {
        cql().execute("CREATE TYPE " + keyspace + ".address (city text, zip text)");
        cql().execute("CREATE TABLE " + keyspace + ".things (id text PRIMARY KEY, at timestamp, ip inet, "
                + "dur duration, address frozen<address>)");
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, ip, dur, address) VALUES "
                + "('a', '2024-03-01T00:00:00Z', '::1', 1h30m, {city: 'Bern', zip: null})");
        FStoreHarness fstore = fstore("things", "  query: SELECT id, at, ip, dur, address FROM things\n"
                        + "  field_mapping: { address.city: city, address.zip: zip }\n  timestamp: at\n",
                "  - { name: ip, type: string }\n  - { name: dur, type: string }\n"
                        + "  - { name: city, type: string }\n  - { name: zip, type: string }\n");

        RunSummary run = fstore.run("things");

        assertThat(run.rowsStored()).isEqualTo(1);
        JsonNode f = fstore.getJson("/features/things/a").get("features");
        assertThat(f.get("ip").get("value").asText()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(f.get("dur").get("value").asText()).isEqualTo("1h30m");
        assertThat(f.get("city").get("value").asText()).isEqualTo("Bern");
        assertThat(f.get("zip").get("status").asText()).isEqualTo("present");
        assertThat(f.get("zip").get("value").isNull()).isTrue();
    }

    /**
     * A UDT column that is null (a row without an address) reads like any other null column: its fields are null
     * features. FStore quarantines the row as "missing column address.city" instead: every row of a nullable UDT
     * column is lost.
     */
    @Test
    void a_null_udt_column_gives_null_features_not_a_quarantined_row() throws Exception {
        cql().execute("CREATE TYPE " + keyspace + ".geo (lat double)");
        cql().execute("CREATE TYPE " + keyspace + ".address (city text, geo frozen<geo>)");
        cql().execute("CREATE TABLE " + keyspace + ".things (id text PRIMARY KEY, at timestamp, n bigint, "
                + "address frozen<address>)");
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, n, address) VALUES "
                + "('a', '2024-03-01T00:00:00Z', 1, {city: 'Bern'})"); // geo null inside a present address
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, n) VALUES ('b', '2024-03-01T00:00:00Z', 2)");
        FStoreHarness fstore = fstore("things", "  query: SELECT id, at, n, address FROM things\n"
                        + "  field_mapping: { address.city: city, address.geo.lat: lat }\n  timestamp: at\n",
                "  - { name: n, type: long }\n  - { name: city, type: string }\n  - { name: lat, type: double }\n");

        RunSummary run = fstore.run("things");

        assertThat(run.rowsQuarantined()).isZero();
        assertThat(run.rowsStored()).isEqualTo(2);
        JsonNode b = fstore.getJson("/features/things/b").get("features");
        assertThat(b.get("n").get("value").asLong()).isEqualTo(2);
        assertThat(b.get("city").get("value").isNull()).isTrue();
        assertThat(b.get("lat").get("value").isNull()).isTrue();
        JsonNode a = fstore.getJson("/features/things/a").get("features");
        assertThat(a.get("city").get("value").asText()).isEqualTo("Bern");
        assertThat(a.get("lat").get("value").isNull()).isTrue();
    }

    @Test
    void a_udt_inside_a_list_and_a_blob_are_quarantined_with_their_reason() throws Exception {
        cql().execute("CREATE TYPE " + keyspace + ".stop (city text)");
        cql().execute("CREATE TABLE " + keyspace + ".things (id text PRIMARY KEY, at timestamp, "
                + "stops list<frozen<stop>>, data blob)");
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, stops, data) VALUES "
                + "('a', '2024-03-01T00:00:00Z', [{city: 'Bern'}], 0x01)");
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, data) VALUES "
                + "('b', '2024-03-01T00:00:00Z', 0xcafe)");
        FStoreHarness fstore = fstore("things", "  query: SELECT id, at, stops, data FROM things\n  timestamp: at\n",
                "  - { name: stops, type: list<string> }\n  - { name: data, type: string }\n");

        RunSummary run = fstore.run("things");

        assertThat(run.rowsRead()).isEqualTo(2);
        assertThat(run.rowsStored()).isZero();
        List<String> reasons = SourceContract.quarantineReasons(fstore, "things");
        assertThat(reasons).hasSize(2);
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("feature stops (list<string>): "));
        assertThat(reasons).allSatisfy(r -> assertThat(r).contains("feature "));
    }

    @Test
    void a_bind_value_that_looks_like_cql_is_a_value() throws Exception {
        cql().execute("CREATE TABLE " + keyspace + ".things (id text PRIMARY KEY, at timestamp, n bigint)");
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, n) VALUES ('a', '2024-03-01T00:00:00Z', 1)");
        cql().execute("INSERT INTO " + keyspace + ".things (id, at, n) VALUES ('a'' OR id=''b', "
                + "'2024-03-01T00:00:00Z', 7)");
        FStoreHarness fstore = fstore("things", "  query: SELECT id, at, n FROM things WHERE id = ?\n"
                        + "  bind: [\"a' OR id='b\"]\n  timestamp: at\n", "  - { name: n, type: long }\n");

        RunSummary run = fstore.run("things");

        assertThat(run.rowsRead()).isEqualTo(1);
        assertThat(fstore.getJson("/features/things/a'%20OR%20id='b").get("features").get("n").get("value").asLong())
                .isEqualTo(7);
    }

    @Test
    void an_incremental_query_ending_in_a_comment_reads_only_newer_rows_on_its_second_run() throws Exception {
        cql().execute("CREATE TABLE " + keyspace + ".events (id text, ts timestamp, n bigint, PRIMARY KEY ((id), ts))");
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        insert("e1", t0, 1);
        insert("e1", t0.plusSeconds(60), 2);
        FStoreHarness fstore = fstore("events", "  query: |\n    SELECT id, ts, n FROM events WHERE id = 'e1'\n"
                        + "    -- one partition, newest last\n"
                        + "  timestamp: ts\n  incremental: { column: ts }\n", "  - { name: n, type: long }\n");
        assertThat(fstore.run("events").rowsRead()).isEqualTo(2);
        insert("e1", t0.plusSeconds(120), 3);

        RunSummary second = fstore.run("events");

        assertThat(second.rowsRead()).isEqualTo(1);
        assertThat(second.checkpoint().get("value")).isEqualTo(t0.plusSeconds(120).toString());
        assertThat(fstore.getJson("/features/events/e1").get("features").get("n").get("value").asLong())
                .isEqualTo(3);
    }

    private void insert(String id, Instant ts, long n) {
        cql().execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".events (id, ts, n) VALUES (?, ?, ?)",
                id, ts, n));
    }
}
