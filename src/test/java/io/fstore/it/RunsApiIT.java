package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs API over HTTP on real PostgreSQL groups: what GET /groups and GET /groups/{group} say before and after a
 * successful and a failed run (counts, durations, errors, freshness), POST /groups/{group}/runs starting a run whose
 * rows are then served, 409 while a run holds the group (a run held at a gate in the online store), every error
 * answer, and the history after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunsApiIT {

    private static final int HISTORY = 5;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String table = "runs_api_" + System.nanoTime() % 1_000_000_000L;
    /** The newest event time seeded: an hour before the test started, on a whole second. */
    private final Instant newest = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private final CountDownLatch slowRunMayWrite = new CountDownLatch(1);
    private Path work;
    private Map<String, String> settings;
    private FStoreHarness fstore;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        sql("CREATE TABLE " + table + " (customer_id VARCHAR(16), orders BIGINT, ts TIMESTAMP(3))");
        sql("INSERT INTO " + table + " VALUES ('c1', 3, " + at(newest.minusSeconds(300)) + "), ('c2', 1, "
                + at(newest.minusSeconds(200)) + "), ('c3', 7, " + at(newest) + "), ('c4', 2, "
                + at(newest.minusSeconds(100)) + "), (NULL, 5, " + at(newest.minusSeconds(50)) + ")");
        Path features = Files.createDirectories(work.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), """
                name: spend
                description: Orders per customer
                owner: growth@example.com
                tags: { team: growth }
                ttl: 30d
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  connection: dw
                  query: SELECT customer_id, orders, ts FROM %s
                  timestamp: ts
                  incremental: { column: ts }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: orders, type: long }
                """.formatted(table));
        String query = "SELECT customer_id, orders, ts FROM ";
        Files.writeString(features.resolve("broken.yaml"),
                plainGroup("broken", query + "no_such_" + table, "schedule: \"0 0 0 1 1 ? 2099\""));
        Files.writeString(features.resolve("slow.yaml"), plainGroup("slow", query + table, "update_frequency: 1h"));
        settings = Map.of("fstore.connection.dw.kind", "jdbc", "fstore.connection.dw.url", TestDatabases.postgres(),
                "fstore.runs.history", String.valueOf(HISTORY));
        fstore = start();
    }

    private static String plainGroup(String name, String query, String trigger) {
        return """
                name: %s
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, connection: dw, timestamp: ts, query: "%s" }
                %s
                features:
                  - { name: orders, type: long }
                """.formatted(name, query, trigger);
    }

    private FStoreHarness start() throws Exception {
        return new FStoreHarness(work, settings, store -> new GatedWrites(store, "slow", slowRunMayWrite));
    }

    @AfterAll
    void stop() throws Exception {
        slowRunMayWrite.countDown();
        try {
            if (fstore != null) {
                fstore.close();
            }
        } finally {
            sql("DROP TABLE IF EXISTS " + table);
        }
    }

    private static void sql(String statement) throws Exception {
        TestDatabases.execute(TestDatabases.postgres(), statement);
    }

    private static String at(Instant instant) {
        return "TIMESTAMP '" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "'";
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + path))
                .header("Accept", accept).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, int status) throws Exception {
        HttpResponse<String> r = send(method, path);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return json.readTree(r.body());
    }

    private JsonNode group(JsonNode list, String name) {
        for (JsonNode g : list.get("groups")) {
            if (g.get("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + list);
    }

    private void assertError(HttpResponse<String> r, int status, String error, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("error").asText()).isEqualTo(error);
        assertThat(answer.get("field").isNull() ? null : answer.get("field").asText()).isEqualTo(field);
        assertThat(answer.get("detail").asText()).isNotBlank();
    }

    /** Polls until {@code done} holds (at most 30 s). */
    private <T> T await(Callable<T> probe, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        T value = probe.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = probe.call();
        }
        return value;
    }

    @Test
    @Order(1)
    void before_any_run_every_group_is_listed_by_name_as_never_run() throws Exception {
        JsonNode list = ok("GET", "/groups", 200);

        assertThat(list.get("groups")).extracting(g -> g.get("name").asText())
                .containsExactly("broken", "slow", "spend");
        JsonNode spend = group(list, "spend");
        assertThat(spend.get("kind").asText()).isEqualTo("jdbc");
        assertThat(spend.get("entity").asText()).isEqualTo("customer");
        assertThat(spend.get("entityKeys")).extracting(JsonNode::asText).containsExactly("customer_id");
        assertThat(spend.get("schedule").asText()).isEqualTo("0 0 0 1 1 ? 2099");
        assertThat(group(list, "slow").get("schedule").asText()).isEqualTo("every PT1H");
        for (JsonNode g : list.get("groups")) {
            assertThat(g.get("status").asText()).isEqualTo("never_run");
            assertThat(g.get("lastRun").isNull()).isTrue();
            assertThat(g.get("rows").asLong()).isZero();
            assertThat(g.get("freshnessSeconds").isNull()).isTrue();
            assertThat(g.get("newestEventTime").isNull()).isTrue();
        }
        JsonNode detail = ok("GET", "/groups/spend", 200);
        assertThat(detail.get("connection").asText()).isEqualTo("dw");
        assertThat(detail.get("description").asText()).isEqualTo("Orders per customer");
        assertThat(detail.get("owner").asText()).isEqualTo("growth@example.com");
        assertThat(detail.get("tags").get("team").asText()).isEqualTo("growth");
        assertThat(detail.get("ttl").asText()).isEqualTo("PT720H");
        assertThat(detail.get("features").toString()).isEqualTo("[{\"name\":\"orders\",\"type\":\"long\"}]");
        assertThat(detail.get("status").asText()).isEqualTo("never_run");
        assertThat(detail.get("runs")).isEmpty();
        assertThat(ok("GET", "/groups/slow", 200).get("ttl").isNull()).as("no ttl: values never expire").isTrue();
        assertThat(fstore.runtime().context().getRoutes())
                .filteredOn(r -> r.getEndpoint().getEndpointUri().matches("rest://[a-z]+:/groups[:?].*"))
                .extracting(org.apache.camel.Route::getRouteId)
                .containsExactlyInAnyOrder("api.groups", "api.group", "api.group.runs");
    }

    @Test
    @Order(2)
    void a_successful_and_a_failed_run_show_their_counts_durations_errors_and_the_freshness() throws Exception {
        Instant before = Instant.now();
        fstore.run("spend");
        assertThatThrownBy(() -> fstore.run("broken")).isInstanceOf(CamelExecutionException.class);
        Instant after = Instant.now();

        JsonNode spend = ok("GET", "/groups/spend", 200);
        assertThat(spend.get("status").asText()).isEqualTo("succeeded");
        assertThat(spend.get("runs")).hasSize(1);
        JsonNode run = spend.get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("rowsRead").asLong()).isEqualTo(5);
        assertThat(run.get("rowsStored").asLong()).isEqualTo(4);
        assertThat(run.get("rowsQuarantined").asLong()).as("the row without customer_id").isEqualTo(1);
        assertThat(run.get("chunks").asInt()).isEqualTo(1);
        assertThat(run.get("error").isNull()).isTrue();
        assertThat(run.get("runId").asText()).isNotBlank();
        Instant started = Instant.parse(run.get("startedAt").asText());
        Instant finished = Instant.parse(run.get("finishedAt").asText());
        assertThat(started).isBetween(before, after);
        assertThat(finished).isBetween(started, after);
        assertThat(run.get("durationMs").asLong()).isEqualTo(Duration.between(started, finished).toMillis());
        assertThat(run.get("checkpoint").asText()).as("the incremental column's newest value")
                .isEqualTo("{field=ts, type=timestamp, value=" + newest + "}");
        assertThat(spend.get("newestEventTime").asText()).isEqualTo(newest.toString());
        long expected = Duration.between(newest, Instant.now()).toSeconds();
        assertThat(spend.get("freshnessSeconds").asLong()).as("now - newest event time (about an hour)")
                .isBetween(expected - 5, expected + 1).isBetween(3595L, 3700L);

        JsonNode broken = ok("GET", "/groups/broken", 200);
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        JsonNode failed = broken.get("runs").get(0);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("no_such_" + table).contains("does not exist");
        assertThat(failed.get("rowsRead").asLong()).isZero();
        assertThat(failed.get("rowsStored").asLong()).isZero();
        assertThat(failed.get("chunks").asInt()).isZero();
        assertThat(failed.get("checkpoint").isNull()).isTrue();
        assertThat(Instant.parse(failed.get("finishedAt").asText())).isBetween(before, after);
        assertThat(broken.get("freshnessSeconds").isNull()).as("nothing stored yet").isTrue();

        JsonNode list = ok("GET", "/groups", 200);
        JsonNode spendSummary = group(list, "spend");
        assertThat(spendSummary.get("status").asText()).isEqualTo("succeeded");
        assertThat(spendSummary.get("rows").asLong()).isEqualTo(4);
        assertThat(spendSummary.get("lastRun")).isEqualTo(run);
        assertThat(spendSummary.get("newestEventTime").asText()).isEqualTo(newest.toString());
        assertThat(spendSummary.get("freshnessSeconds").asLong()).isBetween(3595L, 3700L);
        JsonNode brokenSummary = group(list, "broken");
        assertThat(brokenSummary.get("status").asText()).isEqualTo("failed");
        assertThat(brokenSummary.get("rows").asLong()).isZero();
        assertThat(brokenSummary.get("lastRun")).isEqualTo(failed);
        assertThat(group(list, "slow").get("status").asText()).isEqualTo("never_run");
    }

    @Test
    @Order(3)
    void post_starts_a_run_whose_rows_are_then_served() throws Exception {
        Instant event = newest.plusSeconds(1800);
        sql("INSERT INTO " + table + " VALUES ('c9', 42, " + at(event) + ")");
        assertThat(fstore.get("/features/spend/c9").statusCode()).isEqualTo(404);

        JsonNode started = ok("POST", "/groups/spend/runs", 202);

        assertThat(started.get("group").asText()).isEqualTo("spend");
        assertThat(started.get("status").asText()).isEqualTo("started");
        String runId = started.get("runId").asText();
        HttpResponse<String> served = await(() -> fstore.get("/features/spend/c9"), r -> r.statusCode() == 200);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(json.readTree(served.body()).at("/features/orders/value").asLong()).isEqualTo(42);
        JsonNode spend = await(() -> ok("GET", "/groups/spend", 200), g -> !g.get("status").asText().equals("running"));
        JsonNode run = spend.get("runs").get(0);
        assertThat(run.get("runId").asText()).isEqualTo(runId);
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("rowsRead").asLong()).as("only the new row (incremental)").isEqualTo(1);
        assertThat(spend.get("runs")).hasSize(2);
        assertThat(spend.get("newestEventTime").asText()).isEqualTo(event.toString());
        assertThat(spend.get("freshnessSeconds").asLong()).isBetween(1795L, 1900L);
    }

    @Test
    @Order(4)
    void the_runs_parameter_limits_the_list_and_is_checked() throws Exception {
        for (int i = 0; i < HISTORY + 1; i++) {
            fstore.run("spend");
        }

        JsonNode all = ok("GET", "/groups/spend", 200);
        assertThat(all.get("runs")).as("fstore.runs.history").hasSize(HISTORY);
        List<Instant> starts = new ArrayList<>();
        all.get("runs").forEach(r -> starts.add(Instant.parse(r.get("startedAt").asText())));
        assertThat(starts).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode two = ok("GET", "/groups/spend?runs=2", 200);
        assertThat(two.get("runs")).hasSize(2);
        assertThat(two.get("runs").get(0)).isEqualTo(all.get("runs").get(0));
        assertThat(two.get("runs").get(1)).isEqualTo(all.get("runs").get(1));
        assertThat(ok("GET", "/groups/spend?runs=" + HISTORY, 200).get("runs")).hasSize(HISTORY);

        for (String bad : List.of("0", "-1", HISTORY + 1 + "", "abc", "1.5", "", "99999999999", "1&runs=2")) {
            assertError(send("GET", "/groups/spend?runs=" + bad), 400, "invalid_parameter", "runs");
        }
    }

    @Test
    @Order(5)
    void a_run_in_progress_answers_409_and_of_concurrent_requests_exactly_one_starts_a_run() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pending.add(clients.submit(() -> {
                    go.await();
                    return send("POST", "/groups/slow/runs");
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> f : pending) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(answers).filteredOn(r -> r.statusCode() == 202).hasSize(1);
        String runId = answers.stream().filter(r -> r.statusCode() == 202).map(r -> {
            try {
                return json.readTree(r.body()).get("runId").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        for (HttpResponse<String> r : answers.stream().filter(r -> r.statusCode() != 202).toList()) {
            assertError(r, 409, "run_in_progress", "group");
            assertThat(json.readTree(r.body()).get("detail").asText()).contains(runId);
        }
        // held at the gate: running, and still refused
        assertThat(group(ok("GET", "/groups", 200), "slow").get("status").asText()).isEqualTo("running");
        assertThat(ok("GET", "/groups/slow", 200).get("status").asText()).isEqualTo("running");
        assertError(send("POST", "/groups/slow/runs"), 409, "run_in_progress", "group");
        assertThat(fstore.run("slow")).as("a scheduled trigger is skipped too").isNull();

        slowRunMayWrite.countDown();
        JsonNode slow = await(() -> ok("GET", "/groups/slow", 200), g -> g.get("status").asText().equals("succeeded"));

        assertThat(slow.get("status").asText()).isEqualTo("succeeded");
        assertThat(slow.get("runs")).as("one run, the one that answered 202").hasSize(1);
        assertThat(slow.get("runs").get(0).get("runId").asText()).isEqualTo(runId);
        assertThat(slow.get("runs").get(0).get("rowsStored").asLong()).isEqualTo(5);
        assertThat(ok("POST", "/groups/slow/runs", 202).get("runId").asText()).as("free again").isNotEqualTo(runId);
        await(() -> ok("GET", "/groups/slow", 200), g -> g.get("runs").size() == 2);
    }

    @Test
    @Order(6)
    void every_refused_request_answers_json_naming_what_is_wrong() throws Exception {
        JsonNode lastSpendRun = ok("GET", "/groups/spend", 200).get("runs").get(0);

        assertError(send("GET", "/groups/nope"), 404, "group_not_found", "group");
        assertError(send("POST", "/groups/nope/runs"), 404, "group_not_found", "group");
        assertError(send("GET", "/groups/sp%0Aend"), 400, "control_character", "group");
        assertError(send("POST", "/groups/sp%0D%0AX-Evil:%201/runs"), 400, "control_character", "group");
        assertError(send("GET", "/groups/spend%00"), 400, "control_character", "group");
        assertError(send("GET", "/groups?x=%0d"), 400, "control_character", "x");
        assertError(send("GET", "/groups/spend?runs=1%0a"), 400, "control_character", "runs");

        HttpResponse<String> put = send("PUT", "/groups");
        assertError(put, 405, "method_not_allowed", "method");
        assertThat(put.headers().allValues("Allow")).containsExactly("GET");
        HttpResponse<String> delete = send("DELETE", "/groups/spend");
        assertError(delete, 405, "method_not_allowed", "method");
        assertThat(delete.headers().allValues("Allow")).containsExactly("GET");
        HttpResponse<String> getRuns = send("GET", "/groups/spend/runs");
        assertError(getRuns, 405, "method_not_allowed", "method");
        assertThat(getRuns.headers().allValues("Allow")).containsExactly("POST");

        assertError(send("GET", "/groups", "text/html"), 406, "not_acceptable", "Accept");
        assertError(send("GET", "/groups/spend", "text/html"), 406, "not_acceptable", "Accept");
        assertError(send("POST", "/groups/spend/runs", "text/html"), 406, "not_acceptable", "Accept");

        Thread.sleep(300); // a run a refused POST had started would have ended by now
        JsonNode spend = ok("GET", "/groups/spend", 200);
        assertThat(spend.get("runs").get(0)).as("no refused request started a run").isEqualTo(lastSpendRun);
        assertThat(spend.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(7)
    void the_history_survives_a_restart() throws Exception {
        JsonNode spendBefore = ok("GET", "/groups/spend", 200);
        JsonNode brokenBefore = ok("GET", "/groups/broken", 200);
        JsonNode listBefore = ok("GET", "/groups", 200);
        fstore.close();
        fstore = null;

        fstore = start();

        JsonNode spendAfter = ok("GET", "/groups/spend", 200);
        assertThat(spendAfter.get("runs")).hasSize(HISTORY).isEqualTo(spendBefore.get("runs"));
        assertThat(spendAfter.get("newestEventTime")).isEqualTo(spendBefore.get("newestEventTime"));
        assertThat(ok("GET", "/groups/broken", 200).get("runs")).isEqualTo(brokenBefore.get("runs"));
        JsonNode listAfter = ok("GET", "/groups", 200);
        for (String name : List.of("spend", "broken", "slow")) {
            JsonNode before = group(listBefore, name);
            JsonNode after = group(listAfter, name);
            assertThat(after.get("status")).isEqualTo(before.get("status"));
            assertThat(after.get("lastRun")).isEqualTo(before.get("lastRun"));
            assertThat(after.get("rows")).isEqualTo(before.get("rows"));
        }
        assertThat(group(listAfter, "broken").get("lastRun").get("error").asText()).contains("does not exist");
    }
}
