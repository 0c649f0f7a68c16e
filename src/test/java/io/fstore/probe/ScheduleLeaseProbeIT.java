package io.fstore.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue #7 point 2 probe: the schedule fires (every 1s, wireTap into a thread pool) while a run of the same group is
 * still going (each query sleeps 2.5s). Two groups on one datasource run side by side. Measured on the server:
 * pg_stat_activity sampled every 100 ms.
 */
class ScheduleLeaseProbeIT {

    @TempDir
    Path work;
    private final String pg = TestDatabases.postgres();
    private final String table = Probe.unique("probe_lease");
    private final String a = Probe.unique("lease_a");
    private final String b = Probe.unique("lease_b");

    @BeforeEach
    void seed() throws Exception {
        TestDatabases.execute(pg, "CREATE TABLE " + table + " AS SELECT i, 'c' || (i % 30) AS customer_id, "
                + "i * 1.5 AS amount, TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' AS ts "
                + "FROM generate_series(1, 300) AS i");
        for (String g : List.of(a, b)) {
            Probe.feature(work, g, """
                    name: %s
                    entity: { name: customer, key: customer_id }
                    source:
                      kind: jdbc
                      datasource: pg
                      query: SELECT customer_id, amount, ts, '%s' AS marker FROM %s CROSS JOIN pg_sleep(2.5)
                      timestamp: ts
                    update_frequency: 1s
                    features:
                      - { name: amount, type: double }
                    """.formatted(g, g, table));
        }
    }

    @AfterEach
    void drop() throws Exception {
        TestDatabases.execute(pg, "DROP TABLE IF EXISTS " + table);
    }

    @Test
    void a_trigger_that_fires_during_a_run_never_starts_a_second_run_of_the_group() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        int maxA = 0;
        int maxB = 0;
        boolean together = false;
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.pg.url", pg))) {
            long until = System.nanoTime() + 9_000_000_000L;
            while (System.nanoTime() < until) {
                List<Map<String, Object>> rows = Probe.query(pg, "SELECT "
                        + "count(*) FILTER (WHERE query LIKE '%''" + a + "'' AS marker%') AS a, "
                        + "count(*) FILTER (WHERE query LIKE '%''" + b + "'' AS marker%') AS b "
                        + "FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()");
                int nowA = ((Number) rows.get(0).get("a")).intValue();
                int nowB = ((Number) rows.get(0).get("b")).intValue();
                maxA = Math.max(maxA, nowA);
                maxB = Math.max(maxB, nowB);
                together |= nowA > 0 && nowB > 0;
                Thread.sleep(100);
            }
            assertThat(maxA).as("concurrent queries of group a").isEqualTo(1);
            assertThat(maxB).as("concurrent queries of group b").isEqualTo(1);
            assertThat(together).as("the two groups run side by side").isTrue();
            long runsA = events.list.stream().filter(e -> e.getFormattedMessage().startsWith("Run of group " + a
                    + " done")).count();
            assertThat(runsA).as("runs of a completed in 9s").isBetween(2L, 4L);
            assertThat(events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)).as("nothing went wrong").isEmpty();
            assertThat(fstore.getJson("/features/" + b + "/c0").path("features").path("amount").path("value")
                    .asDouble()).isEqualTo(300 * 1.5);
        } finally {
            root.detachAppender(events);
        }
    }
}
