package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.observe.PrometheusText;
import io.fstore.source.RunSummary;
import io.fstore.store.online.DelegatingOnlineStore;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probes of issue #10: /observe/metrics after a restart, after a run whose end cannot be saved, after a run
 * that read nothing, and after the runs API, the status page and a failing online read were used.
 */
class MetricsProbeIT {

    @TempDir(factory = P10.TempDirs.class)
    Path work;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static PrometheusText scrape(FStoreHarness fstore) throws Exception {
        HttpResponse<String> r = fstore.getManagement("/observe/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return new PrometheusText(r.body());
    }

    private static double epoch(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }

    private HttpResponse<String> send(FStoreHarness fstore, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A group that succeeded, then failed: after a restart fstore_last_success_timestamp_seconds still says when it
     * last succeeded (GET /groups/{group} lists that run from the history), and freshness is what it was.
     */
    @Test
    void last_success_and_freshness_survive_a_restart_after_a_failed_run() throws Exception {
        String table = P10.table("restart");
        P10.orders(table, 20);
        try {
            P10.group(work, "flaky", "SELECT customer_id, amount, ts FROM " + table, "  incremental: { column: ts }\n");
            RunSummary success;
            double freshnessBefore;
            try (FStoreHarness fstore = new FStoreHarness(work, P10.pg())) {
                success = fstore.run("flaky");
                assertThat(success.rowsStored()).isEqualTo(20);
                io.fstore.it.TestDatabases.execute(io.fstore.it.TestDatabases.postgres(), "ALTER TABLE " + table + " RENAME TO " + table + "_away");
                assertThatThrownBy(() -> fstore.run("flaky")).hasStackTraceContaining("does not exist");
                PrometheusText m = scrape(fstore);
                assertThat(m.value("fstore_last_success_timestamp_seconds", "group", "flaky"))
                        .isCloseTo(epoch(success.finishedAt()), within(0.001));
                freshnessBefore = m.value("fstore_freshness_seconds", "group", "flaky");
            }
            try (FStoreHarness again = new FStoreHarness(work, P10.pg())) {
                PrometheusText m = scrape(again);
                double newest = epoch(Instant.parse("2024-01-01T00:20:00Z"));
                assertThat(m.value("fstore_freshness_seconds", "group", "flaky"))
                        .isCloseTo(Instant.now().toEpochMilli() / 1000.0 - newest, within(5.0))
                        .isCloseTo(freshnessBefore, within(60.0));
                JsonNode listed = P10.JSON.readTree(again.get("/groups/flaky").body()).get("runs");
                assertThat(listed.get(1).get("runId").asText()).isEqualTo(success.runId());
                assertThat(m.value("fstore_last_success_timestamp_seconds", "group", "flaky"))
                        .as("the succeeded run the history lists").isCloseTo(epoch(success.finishedAt()), within(0.001));
            }
        } finally {
            P10.drop(table);
            P10.drop(table + "_away");
        }
    }

    /** The state file cannot be written when the run ends (its path taken by a folder: a disk error). */
    @Test
    void a_run_whose_end_cannot_be_saved_is_counted_failed_listed_failed_and_frees_its_group() throws Exception {
        String table = P10.table("disk");
        P10.orders(table, 10);
        // where the state store writes before it renames: a folder there fails every save, loads still work
        Path stateTmp = work.resolve("data").resolve("state").resolve(".disk.json.tmp");
        boolean[] blockOnce = {true};
        try {
            P10.group(work, "disk", "SELECT customer_id, amount, ts FROM " + table, "");
            try (FStoreHarness fstore = new FStoreHarness(work, P10.pg(), store -> new DelegatingOnlineStore(store) {
                @Override
                public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
                    super.writeRows(group, rows, ingestedAt);
                    if (group.name().equals("disk") && blockOnce[0]) {
                        blockOnce[0] = false;
                        try { // after begin() saved it: the state file can no longer be replaced
                            Files.createDirectories(stateTmp.resolve("obstacle"));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            })) {
                assertThatThrownBy(() -> fstore.run("disk")).hasStackTraceContaining("Cannot save the state");

                JsonNode disk = P10.JSON.readTree(fstore.get("/groups/disk").body());
                assertThat(disk.get("status").asText()).as("not running: the group is free").isEqualTo("failed");
                assertThat(disk.get("runs").get(0).get("error").asText()).contains("Cannot save the state");
                PrometheusText m = scrape(fstore);
                assertThat(m.find("fstore_runs_total", "group", "disk", "status", "failed"))
                        .as("the failed run is counted").isPresent();
                assertThat(m.value("fstore_runs_total", "group", "disk", "status", "failed")).isEqualTo(1);

                Files.delete(stateTmp.resolve("obstacle"));
                Files.delete(stateTmp);
                assertThat(fstore.run("disk").status()).isEqualTo("succeeded");
            }
        } finally {
            P10.drop(table);
        }
    }

    @Test
    void a_run_that_reads_nothing_counts_as_a_success_and_keeps_freshness() throws Exception {
        String table = P10.table("idle");
        P10.orders(table, 5);
        try {
            P10.group(work, "idle", "SELECT customer_id, amount, ts FROM " + table, "  incremental: { column: ts }\n");
            try (FStoreHarness fstore = new FStoreHarness(work, P10.pg())) {
                fstore.run("idle");
                RunSummary nothing = fstore.run("idle");
                assertThat(nothing.rowsRead()).isZero();

                PrometheusText m = scrape(fstore);
                assertThat(m.value("fstore_runs_total", "group", "idle", "status", "succeeded")).isEqualTo(2);
                assertThat(m.value("fstore_rows_read_total", "group", "idle")).isEqualTo(5);
                assertThat(m.value("fstore_last_success_timestamp_seconds", "group", "idle"))
                        .isCloseTo(epoch(nothing.finishedAt()), within(0.001));
                double newest = epoch(Instant.parse("2024-01-01T00:05:00Z"));
                assertThat(m.value("fstore_freshness_seconds", "group", "idle"))
                        .isCloseTo(Instant.now().toEpochMilli() / 1000.0 - newest, within(5.0));
            }
        } finally {
            P10.drop(table);
        }
    }

    @Test
    void the_scrape_stays_promtool_clean_after_the_runs_api_the_page_and_a_failing_online_read() throws Exception {
        String table = P10.table("lint");
        P10.orders(table, 5);
        try {
            P10.group(work, "lint", "SELECT customer_id, amount, ts FROM " + table, "");
            try (FStoreHarness fstore = new FStoreHarness(work, P10.pg(), store -> new DelegatingOnlineStore(store) {
                @Override
                public List<Map<String, StoredValue>> read(String group, List<String> ids, List<String> features) {
                    throw new IllegalStateException("online store read failed (probe)");
                }
            })) {
                fstore.run("lint");
                assertThat(send(fstore, "GET", "/features/lint/c1").statusCode()).isEqualTo(500);
                assertThat(send(fstore, "GET", "/groups").statusCode()).isEqualTo(200);
                assertThat(send(fstore, "GET", "/groups/lint?runs=1").statusCode()).isEqualTo(200);
                assertThat(send(fstore, "GET", "/groups/nope").statusCode()).isEqualTo(404);
                assertThat(send(fstore, "GET", "/groups/lint?runs=0").statusCode()).isEqualTo(400);
                assertThat(send(fstore, "GET", "/ui").statusCode()).isEqualTo(200);
                assertThat(send(fstore, "POST", "/groups/lint/runs").statusCode()).isEqualTo(202);
                Path runs = fstore.dataDir.resolve("state").resolve("lint.runs.jsonl");
                assertThat(P10.await(() -> Files.readAllLines(runs).size(), n -> n == 2)).isEqualTo(2);

                String text = fstore.getManagement("/observe/metrics").body();
                assertThat(P10.promtool(text)).isEmpty();
                PrometheusText m = new PrometheusText(text);
                assertThat(m.value("fstore_online_errors_total", "store", "embedded", "operation", "read")).isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.online", "status", "500"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.groups", "status", "200"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.group", "status", "200"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.group", "status", "404"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.group", "status", "400"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.ui", "status", "200"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_http_requests_seconds_count", "route", "api.group.runs", "status", "202"))
                        .isEqualTo(1);
                assertThat(m.value("fstore_runs_total", "group", "lint", "status", "succeeded")).isEqualTo(2);
            }
        } finally {
            P10.drop(table);
        }
    }
}
