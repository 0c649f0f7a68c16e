package io.fstore.probe12b;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.fstore.source.cassandra.BindValues;
import io.fstore.source.cassandra.CassandraSourceSpec;
import org.junit.jupiter.api.Test;

/**
 * Probe (#12): the incremental condition FStore adds to a group's CQL ({@code <column> > ?}) must land in the
 * statement itself, never inside a comment or a quoted name, whatever the user's CQL looks like. The adapter and
 * CqlText are package-private: reached by reflection.
 */
class CassandraIncrementalCqlProbeTest {

    private static final Instant AFTER = Instant.parse("2024-03-01T00:00:00Z");

    /** The CQL of a run with a checkpoint, and its bind values. */
    private static Object[] statement(String query, List<Object> bind) throws Exception {
        Class<?> adapter = Class.forName("io.fstore.source.cassandra.CassandraAdapter");
        Method m = adapter.getDeclaredMethod("statement", CassandraSourceSpec.class, Optional.class, Optional.class);
        m.setAccessible(true);
        Object statement = m.invoke(null, new CassandraSourceSpec(query, bind, OptionalInt.empty()),
                Optional.of("ts"), Optional.of(AFTER));
        Method cql = statement.getClass().getDeclaredMethod("cql");
        Method values = statement.getClass().getDeclaredMethod("values");
        cql.setAccessible(true);
        values.setAccessible(true);
        return new Object[] {cql.invoke(statement), values.invoke(statement)};
    }

    /** The bind markers CqlText counts outside literals, quoted names and comments. */
    private static int markers(String cql) throws Exception {
        Class<?> text = Class.forName("io.fstore.source.cassandra.CqlText");
        Constructor<?> c = text.getDeclaredConstructor(String.class);
        c.setAccessible(true);
        Method markers = text.getDeclaredMethod("markers");
        markers.setAccessible(true);
        return (int) markers.invoke(c.newInstance(cql));
    }

    @Test
    void lowercase_keywords_get_the_condition_before_limit_and_the_checkpoint_after_the_users_marker() throws Exception {
        Object[] s = statement("select id, ts, n from events where id = ? limit 10", List.of("e1"));
        assertThat(s[0]).isEqualTo("select id, ts, n from events where id = ? AND ts > ? limit 10");
        assertThat(s[1]).isEqualTo(List.of(new BindValues.Bind("e1"), new BindValues.Bind(AFTER)));
    }

    @Test
    void a_trailing_line_comment_does_not_swallow_the_condition() throws Exception {
        Object[] s = statement("SELECT id, ts, n FROM events -- every event", List.of());
        String cql = (String) s[0];
        // the condition must be code: one marker counted for one bind value
        assertThat(markers(cql)).as("markers in %s", cql).isEqualTo(((List<?>) s[1]).size());
        // and the comment ends in a line break: Cassandra's lexer refuses a -- comment that ends the text
        assertThat(cql).isEqualTo("SELECT id, ts, n FROM events WHERE ts > ? -- every event\n");
    }

    @Test
    void a_line_comment_before_limit_does_not_swallow_the_condition() throws Exception {
        Object[] s = statement("SELECT id, ts, n FROM events WHERE id = ? -- one partition\nLIMIT 10",
                List.of("e1"));
        String cql = (String) s[0];
        assertThat(markers(cql)).as("markers in %s", cql).isEqualTo(2);
        assertThat(cql).endsWith("LIMIT 10");
    }

    @Test
    void a_quoted_column_named_limit_is_a_name_not_the_limit_clause() throws Exception {
        Object[] s = statement("SELECT id, \"LIMIT\", ts FROM events", List.of());
        assertThat(s[0]).isEqualTo("SELECT id, \"LIMIT\", ts FROM events WHERE ts > ?");
    }

    @Test
    void a_quoted_column_named_where_is_a_name_not_the_where_clause() throws Exception {
        Object[] s = statement("SELECT id, \"WHERE\", ts FROM events", List.of());
        assertThat(s[0]).isEqualTo("SELECT id, \"WHERE\", ts FROM events WHERE ts > ?");
    }

    @Test
    void a_bind_value_is_a_bound_value_never_cql_text() throws Exception {
        String injection = "x' OR 1=1 ALLOW FILTERING --";
        Object[] s = statement("SELECT id, ts, n FROM events WHERE id = ?", List.of(injection));
        assertThat(s[0]).isEqualTo("SELECT id, ts, n FROM events WHERE id = ? AND ts > ?");
        assertThat(s[1]).isEqualTo(List.of(new BindValues.Bind(injection), new BindValues.Bind(AFTER)));
    }
}
