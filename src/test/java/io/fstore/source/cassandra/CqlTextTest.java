package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CqlTextTest {

    @Test
    void markers_inside_literals_quoted_names_and_comments_do_not_count() {
        CqlText cql = new CqlText("SELECT \"a?\" FROM t /* ? */ WHERE x = '?' AND y = ? AND z = :z -- ?\n"
                + "AND w = $$?$$");

        assertThat(cql.markers()).isEqualTo(2);
    }

    @Test
    void the_bound_goes_before_the_trailing_clauses_with_and_after_a_where() {
        CqlText.Restricted r = new CqlText("SELECT * FROM t WHERE p = ? ORDER BY ts LIMIT ? ALLOW FILTERING")
                .restrict("ts > ?");

        assertThat(r.cql()).isEqualTo("SELECT * FROM t WHERE p = ? AND ts > ? ORDER BY ts LIMIT ? ALLOW FILTERING");
        assertThat(r.markerIndex()).isEqualTo(1);
    }

    @Test
    void without_where_the_bound_is_the_where() {
        assertThat(new CqlText("select * from t allow filtering").restrict("\"Ts\" > ?").cql())
                .isEqualTo("select * from t WHERE \"Ts\" > ? allow filtering");
        assertThat(new CqlText("SELECT * FROM t").restrict("ts > ?").cql()).isEqualTo("SELECT * FROM t WHERE ts > ?");
    }

    @Test
    void keywords_inside_literals_are_not_clauses() {
        CqlText.Restricted r = new CqlText("SELECT * FROM t WHERE note = 'ORDER BY x' AND p = ?").restrict("ts > ?");

        assertThat(r.cql()).isEqualTo("SELECT * FROM t WHERE note = 'ORDER BY x' AND p = ? AND ts > ?");
        assertThat(r.markerIndex()).isEqualTo(1);
    }

    @Test
    void the_order_column_is_read_when_ascending() {
        assertThat(new CqlText("SELECT * FROM t WHERE p = 1 ORDER BY Updated_At").ascendingOrderColumn())
                .hasValue("updated_at");
        assertThat(new CqlText("SELECT * FROM t WHERE p = 1 ORDER BY \"updatedAt\" ASC").ascendingOrderColumn())
                .hasValue("updatedAt");
        assertThat(new CqlText("SELECT * FROM t WHERE p = 1 ORDER BY ts DESC").ascendingOrderColumn()).isEmpty();
        assertThat(new CqlText("SELECT * FROM t").ascendingOrderColumn()).isEmpty();
    }

    @Test
    void only_a_select_is_a_select() {
        assertThat(new CqlText("  select * from t").isSelect()).isTrue();
        assertThat(new CqlText("/* x */ SELECT * from t").isSelect()).isTrue();
        assertThat(new CqlText("SELECTED").isSelect()).isFalse();
        assertThat(new CqlText("UPDATE t SET a = 1").isSelect()).isFalse();
    }
}
