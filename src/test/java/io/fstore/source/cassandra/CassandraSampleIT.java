package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.fstore.definition.DefinitionError;
import io.fstore.definition.DefinitionLoader;
import io.fstore.model.FeatureGroup;
import io.fstore.runtime.ConfigFiles;
import io.fstore.runtime.FStoreSettings;
import io.fstore.sample.SampleCheck;
import io.fstore.sample.SourceSample;
import io.fstore.sample.SourceSampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code check} / {@code preview}'s sampler on kind cassandra: a few rows through the cassandra-source template. */
class CassandraSampleIT {

    private static final TestCassandra CASSANDRA = TestCassandra.shared();
    private String keyspace;

    @BeforeEach
    void data() {
        keyspace = CASSANDRA.newKeyspace("sample");
        CASSANDRA.session().execute("CREATE TABLE " + keyspace + ".events (id text, ts timestamp, n bigint, "
                + "PRIMARY KEY ((id), ts))");
        for (int i = 0; i < 12; i++) {
            CASSANDRA.session().execute(SimpleStatement.newInstance("INSERT INTO " + keyspace
                    + ".events (id, ts, n) VALUES (?, ?, ?)", "e" + i, Instant.ofEpochSecond(1_709_280_000L + i),
                    (long) i));
        }
    }

    @AfterEach
    void drop() {
        CASSANDRA.dropKeyspace(keyspace);
    }

    private FeatureGroup group(String name, String query, String features) {
        List<DefinitionError> errors = new ArrayList<>();
        return new DefinitionLoader(Map.of("cass", "cassandra")).parse("features/" + name + ".yaml", "name: " + name
                + "\nentity: { name: thing, key: id }\nsource:\n  kind: cassandra\n  connection: cass\n"
                + "  query: " + query + "\n  timestamp: ts\nschedule: \"0 0 0 1 1 ? 2099\"\nfeatures:\n" + features,
                errors).orElseThrow(() -> new AssertionError(errors));
    }

    private SourceSampler sampler(String password, FeatureGroup... groups) throws Exception {
        Properties props = new Properties();
        props.putAll(CASSANDRA.connection("cass"));
        props.setProperty("fstore.connection.cass.keyspace", keyspace);
        props.setProperty("fstore.connection.cass.password", password);
        FStoreSettings settings = FStoreSettings.from(props, "test");
        return new SourceSampler(ConfigFiles.routesLocation(Path.of("").toAbsolutePath()), settings.connections(),
                List.of(groups), 5, Duration.ofSeconds(30));
    }

    @Test
    void a_good_group_samples_its_first_rows_and_a_missing_column_is_named() throws Exception {
        FeatureGroup good = group("good", "SELECT id, ts, n FROM events", "  - { name: n, type: long }\n");
        FeatureGroup missing = group("missing", "SELECT id, ts FROM events", "  - { name: n, type: long }\n");
        FeatureGroup refused = group("refused", "SELECT id, ts, nope FROM events", "  - { name: n, type: long }\n");
        try (SourceSampler sampler = sampler(TestCassandra.PASSWORD, good, missing, refused)) {
            SourceSample sample = sampler.sample("good");
            assertThat(sample.records()).hasSize(5);
            assertThat(sample.normalized().rows()).hasSize(5);
            assertThat(SampleCheck.of(sample).ok()).isTrue();

            SampleCheck noColumn = SampleCheck.of(sampler.sample("missing"));
            assertThat(noColumn.ok()).isFalse();
            assertThat(noColumn.problems()).singleElement()
                    .satisfies(p -> assertThat(p).startsWith("missing column").endsWith("(5 of 5 rows)"));

            SourceSample failed = sampler.sample("refused");
            assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).contains("Undefined column name nope"));
        }
    }

    @Test
    void a_wrong_password_fails_the_sample_with_the_servers_reason() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(CASSANDRA.requiresLogin(), "the node takes any login");
        FeatureGroup good = group("good", "SELECT id, ts, n FROM events", "  - { name: n, type: long }\n");
        try (SourceSampler sampler = sampler("wrong-Pass-7", good)) {
            SourceSample sample = sampler.sample("good");

            assertThat(sample.failure()).hasValueSatisfying(f -> assertThat(f)
                    .contains("password are incorrect").doesNotContain("wrong-Pass-7"));
        }
    }
}
