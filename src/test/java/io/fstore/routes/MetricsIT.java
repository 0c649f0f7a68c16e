package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fstore.it.FStoreHarness;
import io.fstore.observe.PrometheusText;
import io.fstore.routes.ScriptedOnlineStore.Step;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * /observe/metrics after known runs on PostgreSQL: 300 orders of which every 50th has no customer (quarantined), a
 * group whose query fails, a group whose online store write fails, and a few API requests. The scrape passes
 * {@code promtool check metrics} (Debian package prometheus; .ci/run installs it) and holds exactly the counts the runs
 * made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private static final int ROWS = 300;
    private static final int BAD = ROWS / 50;
    /** Runs only when the test starts them. */
    private static final String DAILY = "schedule: \"0 0 3 * * ?\"";

    @TempDir(factory = Orders.TempDirs.class)
    static Path work;
    private Orders orders;
    private FStoreHarness fstore;
    private RunSummary good;
    private RunSummary badQuery;
    private RunSummary badOnline;

    @BeforeAll
    void start() throws Exception {
        orders = Orders.create("metrics", ROWS);
        Path features = work.resolve("features");
        Orders.write(features, "metered", orders.group("metered", "pg",
                "SELECT CASE WHEN i %% 50 = 0 THEN NULL ELSE customer_id END AS customer_id, amount, ts FROM %s",
                "  incremental: { column: ts }\n", DAILY));
        Orders.write(features, "bad_query", orders.group("bad_query", "pg",
                "SELECT customer_id, amount, ts FROM %s_missing", "", DAILY));
        Orders.write(features, "bad_online", orders.group("bad_online", "pg",
                "SELECT customer_id, amount, ts FROM %s", "", DAILY));
        Map<String, String> props = new HashMap<>(orders.connection("pg"));
        props.put("fstore.chunk-size", "100");
        Map<String, List<Step>> script = Map.of("bad_online",
                List.of(Step.fail(1, () -> new IllegalStateException("online store unavailable (test)"))));
        fstore = new FStoreHarness(work, props, store -> new ScriptedOnlineStore(store, script));
        good = fstore.run("metered");
        badQuery = runExpectingFailure("bad_query");
        badOnline = runExpectingFailure("bad_online");
        assertThat(fstore.get("/features/metered/c1").statusCode()).isEqualTo(200);
        assertThat(fstore.get("/features/metered/nobody").statusCode()).isEqualTo(404);
        assertThat(fstore.get("/features/no_such_group/c1").statusCode()).isEqualTo(404);
        assertThat(fstore.get("/groups/metered").statusCode()).isEqualTo(200);
    }

    private RunSummary runExpectingFailure(String group) {
        try {
            fstore.run(group);
        } catch (RuntimeException expected) {
            // the run's failure reaches the caller; its summary is in the state file
        }
        return new io.fstore.source.GroupStateStore(fstore.dataDir.resolve("state")).load(group).orElseThrow().lastRun();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (fstore != null) {
                fstore.close();
            }
        } finally {
            orders.close();
        }
    }

    private PrometheusText scrape() throws Exception {
        var answer = fstore.getManagement("/observe/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return new PrometheusText(answer.body());
    }

    @Test
    void the_scrape_passes_promtool() throws Exception {
        String text = fstore.getManagement("/observe/metrics").body();
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }

    @Test
    void rows_read_stored_and_quarantined_are_counted_per_group_and_store() throws Exception {
        assertThat(good.status()).isEqualTo("succeeded");
        assertThat(good.rowsRead()).isEqualTo(ROWS);
        PrometheusText m = scrape();
        assertThat(m.value("fstore_rows_read_total", "group", "metered")).isEqualTo(ROWS);
        assertThat(m.value("fstore_rows_stored_total", "group", "metered", "store", "offline")).isEqualTo(ROWS - BAD);
        assertThat(m.value("fstore_rows_stored_total", "group", "metered", "store", "online")).isEqualTo(ROWS - BAD);
        assertThat(m.value("fstore_rows_quarantined_total", "group", "metered")).isEqualTo(BAD);
        // the failed online write: the offline sink stored the first chunk, the online one did not
        assertThat(m.value("fstore_rows_read_total", "group", "bad_online")).isEqualTo(100);
        assertThat(m.value("fstore_rows_stored_total", "group", "bad_online", "store", "online")).isZero();
        assertThat(m.value("fstore_rows_read_total", "group", "bad_query")).isZero();
    }

    @Test
    void runs_are_counted_by_status_with_their_duration() throws Exception {
        PrometheusText m = scrape();
        assertThat(m.value("fstore_runs_total", "group", "metered", "status", "succeeded")).isEqualTo(1);
        assertThat(m.value("fstore_runs_total", "group", "bad_query", "status", "failed")).isEqualTo(1);
        assertThat(m.value("fstore_runs_total", "group", "bad_online", "status", "failed")).isEqualTo(1);
        assertThat(m.find("fstore_runs_total", "group", "metered", "status", "failed")).isEmpty();
        assertThat(m.value("fstore_run_duration_seconds_count", "group", "metered", "status", "succeeded")).isEqualTo(1);
        double took = Duration.between(good.startedAt(), good.finishedAt()).toNanos() / 1e9;
        assertThat(m.value("fstore_run_duration_seconds_sum", "group", "metered", "status", "succeeded"))
                .isCloseTo(took, within(0.002));
        assertThat(m.value("fstore_run_duration_seconds_bucket", "group", "metered", "status", "succeeded",
                "le", "+Inf")).isEqualTo(1);
        assertThat(badQuery.status()).isEqualTo("failed");
        assertThat(badOnline.status()).isEqualTo("failed");
    }

    @Test
    void last_success_freshness_and_checkpoint_lag_are_seconds_from_the_runs_data() throws Exception {
        PrometheusText m = scrape();
        double now = Instant.now().toEpochMilli() / 1000.0;
        assertThat(m.value("fstore_last_success_timestamp_seconds", "group", "metered"))
                .isCloseTo(good.finishedAt().toEpochMilli() / 1000.0, within(0.001));
        assertThat(m.value("fstore_last_success_timestamp_seconds", "group", "bad_query")).isNaN();
        // the newest stored row is order 299 (300 has no customer); the checkpoint is the newest ts read: order 300
        double newest = Instant.parse(Orders.ts(ROWS - 1)).getEpochSecond();
        assertThat(m.value("fstore_freshness_seconds", "group", "metered")).isCloseTo(now - newest, within(5.0));
        double checkpoint = Instant.parse(Orders.ts(ROWS)).getEpochSecond();
        assertThat(m.value("fstore_checkpoint_lag_seconds", "group", "metered")).isCloseTo(now - checkpoint, within(5.0));
        // a group read whole every run has no checkpoint: no lag to tell
        assertThat(m.value("fstore_checkpoint_lag_seconds", "group", "bad_online")).isNaN();
    }

    @Test
    void the_online_store_is_timed_and_its_failures_counted() throws Exception {
        PrometheusText m = scrape();
        // metered: 3 chunks written; bad_online: its one failed write
        assertThat(m.value("fstore_online_write_seconds_count", "store", "embedded")).isEqualTo(4);
        assertThat(m.value("fstore_online_errors_total", "store", "embedded", "operation", "write")).isEqualTo(1);
        assertThat(m.value("fstore_online_errors_total", "store", "embedded", "operation", "read")).isZero();
        assertThat(m.value("fstore_online_read_seconds_count", "store", "embedded")).isGreaterThanOrEqualTo(2);
        assertThat(m.value("fstore_online_read_seconds_bucket", "store", "embedded", "le", "+Inf"))
                .isEqualTo(m.value("fstore_online_read_seconds_count", "store", "embedded"));
    }

    @Test
    void http_requests_are_counted_by_route_and_status_code() throws Exception {
        PrometheusText m = scrape();
        assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.online", "status", "200")).isEqualTo(1);
        assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.online", "status", "404")).isEqualTo(2);
        // a request served by a REST DSL route (GET /features/... are direct reads: no Camel exchange)
        assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.group", "status", "200")).isEqualTo(1);
        // Camel's own route meters are there too, with snake_case labels
        assertThat(m.value("camel_exchanges_total", "route_id", "api.group")).isEqualTo(1);
        assertThat(m.value("camel_exchanges_total", "route_id", "fg.metered")).isEqualTo(1);
    }
}
