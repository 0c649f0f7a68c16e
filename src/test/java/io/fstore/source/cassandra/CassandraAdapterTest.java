package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** The statement of a run: the user's query and bind values, and the checkpoint bound into its WHERE. */
class CassandraAdapterTest {

    private static List<Object> values(CassandraAdapter.Statement s) {
        return s.values().stream().map(v -> ((BindValues.Bind) v).value()).toList();
    }

    @Test
    void a_first_run_reads_the_query_as_written() {
        CassandraSourceSpec spec = new CassandraSourceSpec("SELECT * FROM t WHERE p = ? ORDER BY ts", List.of(3),
                OptionalInt.empty());

        CassandraAdapter.Statement s = CassandraAdapter.statement(spec, Optional.of("ts"), Optional.empty());

        assertThat(s.cql()).isEqualTo("SELECT * FROM t WHERE p = ? ORDER BY ts");
        assertThat(values(s)).containsExactly(3);
    }

    @Test
    void the_checkpoint_binds_to_the_marker_it_adds_among_the_users_markers() {
        CassandraSourceSpec spec = new CassandraSourceSpec("SELECT * FROM t WHERE p = ? ORDER BY ts LIMIT ?",
                List.of(3, 100), OptionalInt.empty());
        Instant after = Instant.parse("2024-03-01T08:00:00.123Z");

        CassandraAdapter.Statement s = CassandraAdapter.statement(spec, Optional.of("ts"), Optional.of(after));

        assertThat(s.cql()).isEqualTo("SELECT * FROM t WHERE p = ? AND ts > ? ORDER BY ts LIMIT ?");
        assertThat(values(s)).containsExactly(3, after, 100);
    }

    @Test
    void a_case_sensitive_column_is_quoted_and_allow_filtering_stays_where_the_user_wrote_it() {
        CassandraSourceSpec spec = new CassandraSourceSpec("SELECT * FROM t ALLOW FILTERING", List.of(),
                OptionalInt.empty());

        CassandraAdapter.Statement s = CassandraAdapter.statement(spec, Optional.of("updatedAt"), Optional.of(5L));

        assertThat(s.cql()).isEqualTo("SELECT * FROM t WHERE \"updatedAt\" > ? ALLOW FILTERING");
        assertThat(values(s)).containsExactly(5L);
    }
}
