package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fstore.it.FStoreHarness;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.source.RunSummary;
import io.fstore.store.online.DelegatingOnlineStore;
import io.fstore.store.online.OnlineStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probes of issue #10: the runs API on PostgreSQL groups under races and failures. {@code ok} reads a table
 * incrementally, {@code broken} a table that does not exist, {@code held} waits at a gate in the online store while
 * the test holds it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsApiProbeIT {

    @TempDir(factory = P10.TempDirs.class)
    static Path work;
    private final String table = P10.table("runs");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private FStoreHarness fstore;

    /** Every online write of group {@code held} waits until the test opens {@link #gate} (at most 60 s). */
    private final class Gated extends DelegatingOnlineStore {
        Gated(OnlineStore delegate) {
            super(delegate);
        }

        @Override
        public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
            if (group.name().equals("held")) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.writeRows(group, rows, ingestedAt);
        }
    }

    @BeforeAll
    void start() throws Exception {
        P10.orders(table, 50);
        String select = "SELECT customer_id, amount, ts FROM ";
        P10.group(work, "ok", select + table, "  incremental: { column: ts }\n");
        P10.group(work, "broken", select + table + "_missing", "");
        P10.group(work, "held", select + table, "");
        Map<String, String> props = new HashMap<>(P10.pg());
        props.put("fstore.runs.history", "200");
        fstore = new FStoreHarness(work, props, Gated::new);
    }

    @AfterAll
    void stop() throws Exception {
        gate.countDown();
        try {
            if (fstore != null) {
                fstore.close();
            }
        } finally {
            P10.drop(table);
        }
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode group(String name) throws Exception {
        HttpResponse<String> r = send("GET", "/groups/" + name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return P10.JSON.readTree(r.body());
    }

    private static List<String> runIds(JsonNode group) {
        List<String> ids = new ArrayList<>();
        group.get("runs").forEach(r -> ids.add(r.get("runId").asText()));
        return ids;
    }

    private static String runId(HttpResponse<String> started) throws Exception {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return P10.JSON.readTree(started.body()).get("runId").asText();
    }

    @Test
    void a_post_whose_run_fails_is_listed_as_failed_and_the_next_post_starts_at_once() throws Exception {
        String first = runId(send("POST", "/groups/broken/runs"));

        JsonNode broken = P10.await(() -> group("broken"), g -> runIds(g).contains(first));
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        JsonNode run = broken.get("runs").get(0);
        assertThat(run.get("runId").asText()).isEqualTo(first);
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").asText()).contains(table + "_missing").contains("does not exist");

        String second = runId(send("POST", "/groups/broken/runs"));
        assertThat(second).isNotEqualTo(first);
        assertThat(runIds(P10.await(() -> group("broken"), g -> runIds(g).contains(second))))
                .containsSubsequence(second, first);
    }

    @Test
    void a_post_while_a_scheduled_run_holds_the_group_answers_409_and_202_once_it_ended() throws Exception {
        gate = new CountDownLatch(1);
        CompletableFuture<RunSummary> scheduled = CompletableFuture.supplyAsync(() -> fstore.run("held"));
        assertThat(P10.await(() -> group("held").get("status").asText(), "running"::equals)).isEqualTo("running");

        HttpResponse<String> refused = send("POST", "/groups/held/runs");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode error = P10.JSON.readTree(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("run_in_progress");
        assertThat(error.get("field").asText()).isEqualTo("group");
        gate.countDown();
        RunSummary ended = scheduled.get(30, TimeUnit.SECONDS);
        assertThat(error.get("detail").asText()).contains("(run " + ended.runId() + ", started ");
        String next = runId(send("POST", "/groups/held/runs"));
        assertThat(runIds(P10.await(() -> group("held"), g -> runIds(g).contains(next))))
                .containsSubsequence(next, ended.runId());
    }

    /**
     * RunStarted's contract: "GET /groups/{group} lists it under runs (with this runId) once it ended". A group whose
     * route an operator stopped (Hawtio, JMX) answers 503 route_stopped: no run is promised.
     */
    @Test
    void a_post_while_the_group_route_is_stopped_answers_503_and_promises_no_run() throws Exception {
        List<String> before = runIds(group("broken"));
        fstore.runtime().context().getRouteController().stopRoute("fg.broken");
        try {
            HttpResponse<String> answer = send("POST", "/groups/broken/runs");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            JsonNode error = P10.JSON.readTree(answer.body());
            assertThat(error.get("error").asText()).isEqualTo("route_stopped");
            assertThat(error.get("field").asText()).isEqualTo("group");
            assertThat(error.get("detail").asText()).contains("fg.broken").contains("stopped");
        } finally {
            fstore.runtime().context().getRouteController().startRoute("fg.broken");
        }
        assertThat(runIds(group("broken"))).as("nothing ran").isEqualTo(before);
        assertThat(runId(send("POST", "/groups/broken/runs"))).as("started again").isNotBlank();
    }

    /** A run answered 202 whose begin() throws (an unreadable state file) is listed failed; the group is free. */
    @Test
    void a_run_started_with_202_is_always_listed_even_when_it_could_not_begin() throws Exception {
        java.nio.file.Path state = fstore.dataDir.resolve("state").resolve("held.json");
        String saved = java.nio.file.Files.exists(state) ? java.nio.file.Files.readString(state) : null;
        java.nio.file.Files.createDirectories(state.getParent());
        java.nio.file.Files.writeString(state, "{ cut short");
        try {
            String id = runId(send("POST", "/groups/held/runs"));

            JsonNode held = P10.await(() -> group("held"), g -> runIds(g).contains(id));
            JsonNode run = held.get("runs").get(0);
            assertThat(run.get("runId").asText()).isEqualTo(id);
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.get("error").asText()).contains(state.toString());
            assertThat(held.get("status").asText()).as("its state still cannot be read").isEqualTo("unknown");
            assertThat(held.get("error").asText()).contains(state.toString());
            assertThat(java.nio.file.Files.readString(state)).as("left for the operator").isEqualTo("{ cut short");
            assertThat(P10.await(() -> send("POST", "/groups/held/runs").statusCode(), c -> c != 409))
                    .as("the lease was released").isEqualTo(202);
        } finally {
            gate.countDown();
            P10.await(() -> group("held").get("status").asText(), s -> !s.equals("running"));
            if (saved == null) {
                java.nio.file.Files.deleteIfExists(state);
            } else {
                java.nio.file.Files.writeString(state, saved);
            }
        }
    }

    @Test
    void posts_racing_scheduled_triggers_each_end_as_exactly_one_listed_run_and_leave_the_group_free()
            throws Exception {
        Set<String> before = Set.copyOf(runIds(group("ok")));
        Set<String> started = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<RunSummary> trigger = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fstore.run("ok"); // null when skipped: the group was held
            });
            go.countDown();
            HttpResponse<String> post = send("POST", "/groups/ok/runs");
            RunSummary scheduled = trigger.get(30, TimeUnit.SECONDS);
            if (scheduled != null) {
                started.add(scheduled.runId());
            }
            if (post.statusCode() == 202) {
                started.add(runId(post));
            } else {
                assertThat(post.statusCode()).as(post.body()).isEqualTo(409);
            }
            assertThat(scheduled != null || post.statusCode() == 202).as("round " + i + ": one of them ran").isTrue();
            // the POST's run goes on after its answer: the next round starts once the group is free
            P10.await(() -> group("ok").get("status").asText(), s -> !s.equals("running"));
        }
        JsonNode ok = P10.await(() -> group("ok"), g -> !g.get("status").asText().equals("running")
                && Set.copyOf(runIds(g)).containsAll(started));
        Set<String> listed = new java.util.HashSet<>(runIds(ok));
        listed.removeAll(before);
        assertThat(listed).as("the runs listed since the test began").isEqualTo(started);
        assertThat(ok.get("status").asText()).isEqualTo("succeeded");
        assertThat(send("POST", "/groups/ok/runs").statusCode()).as("free").isEqualTo(202);
    }

    /**
     * GET /groups' rows is what the last run stored: 0 for an incremental group that ran again and found nothing new
     * (the demo customer_last_order, every minute); rowsTotal (the status page's "Rows") is what its runs stored, 50.
     */
    @Test
    void after_an_idle_incremental_run_the_group_list_still_shows_the_rows_the_group_holds() throws Exception {
        fstore.run("ok");
        assertThat(fstore.run("ok").rowsRead()).as("nothing new").isZero();

        JsonNode list = P10.JSON.readTree(send("GET", "/groups").body());
        JsonNode ok = null;
        for (JsonNode g : list.get("groups")) {
            ok = g.get("name").asText().equals("ok") ? g : ok;
        }
        double stored = new io.fstore.observe.PrometheusText(fstore.getManagement("/observe/metrics").body())
                .value("fstore_rows_stored_total", "group", "ok", "store", "offline");
        assertThat(stored).isEqualTo(50);
        assertThat(ok.get("rows").asLong()).as("rows of the last run on GET /groups").isZero();
        assertThat(ok.get("rowsTotal").asLong()).as("rows group ok stored so far on GET /groups").isEqualTo(50);
        assertThat(group("ok").get("rowsTotal").asLong()).as("on GET /groups/ok").isEqualTo(50);
    }

    @Test
    void odd_group_names_answer_json_404_or_400_and_never_reach_a_response_header() throws Exception {
        String longName = "g".repeat(20_000);
        Map<String, Integer> paths = new java.util.LinkedHashMap<>();
        paths.put("/groups/%C3%A9t%C3%A9", 404);
        paths.put("/groups/%E2%80%AEkatsim", 404);
        paths.put("/groups/%25", 404);
        paths.put("/groups/ok%2F..%2Fbroken", 404);
        paths.put("/groups/..%2F..%2Fstate%2Fok", 404);
        paths.put("/groups/" + longName, 404);
        paths.put("/groups/%7F", 400);
        paths.put("/groups/ok%09", 400);
        Set<String> allowed = Set.of("content-type", "content-length", "transfer-encoding", "connection", "allow",
                "retry-after", "cache-control", "content-security-policy");
        for (Map.Entry<String, Integer> e : paths.entrySet()) {
            for (String method : List.of("GET", "POST")) {
                String path = method.equals("POST") ? e.getKey() + "/runs" : e.getKey();
                HttpResponse<String> r = send(method, path, "Accept", "application/json",
                        "Cache-Control", "x-probe", "X-Evil", "1");
                String what = method + " " + path.substring(0, Math.min(60, path.length()));
                assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(e.getValue());
                JsonNode error = P10.JSON.readTree(r.body());
                assertThat(error.get("error").asText()).as(what)
                        .isEqualTo(e.getValue() == 404 ? "group_not_found" : "control_character");
                assertThat(error.get("field").asText()).as(what).isEqualTo("group");
                assertThat(r.headers().map().keySet()).as(what).allSatisfy(h -> assertThat(allowed).contains(h));
                assertThat(r.headers().map().values().toString()).as(what).doesNotContain("x-probe", "ggggg");
            }
        }
        assertThat(group("ok").get("name").asText()).isEqualTo("ok");
    }

    @Test
    void every_other_method_on_the_runs_paths_answers_405_json_with_allow() throws Exception {
        Map<String, String> allow = Map.of("/groups", "GET", "/groups/ok", "GET", "/groups/ok/runs", "POST",
                "/ui", "GET");
        for (Map.Entry<String, String> e : allow.entrySet()) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
                HttpResponse<String> r = send(method, e.getKey(), "Accept", "application/json");
                String what = method + " " + e.getKey();
                assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(405);
                assertThat(r.headers().allValues("Allow")).as(what).containsExactly(e.getValue());
                assertThat(P10.JSON.readTree(r.body()).get("error").asText()).as(what)
                        .isEqualTo("method_not_allowed");
            }
        }
    }

    /** HEAD is refused by the whole API (405, pre-existing); the new paths should answer it the same way. */
    @Test
    void head_on_the_new_paths_answers_as_on_the_serving_api() throws Exception {
        HttpResponse<String> serving = send("HEAD", "/features/ok/c1");
        for (String path : List.of("/groups", "/groups/ok", "/ui")) {
            HttpResponse<String> head = send("HEAD", path);
            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(serving.statusCode()).isEqualTo(405);
            assertThat(head.headers().allValues("Allow")).as(path).containsExactly("GET");
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void the_runs_parameter_at_its_edges() throws Exception {
        assertThat(send("GET", "/groups/ok?runs=200").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/groups/ok?runs=%20007%20").statusCode()).as("trimmed, leading zeros").isEqualTo(200);
        for (String bad : List.of("201", "%2B3", "%D9%A3", "3%00", "0x10", "1e2", "x".repeat(10_000))) {
            HttpResponse<String> r = send("GET", "/groups/ok?runs=" + bad);
            assertThat(r.statusCode()).as(bad + ": " + r.body()).isIn(400);
            JsonNode error = P10.JSON.readTree(r.body());
            assertThat(error.get("field").asText()).isEqualTo("runs");
            assertThat(error.get("detail").asText().length()).as("the value is cut in the detail").isLessThan(300);
        }
    }
}
