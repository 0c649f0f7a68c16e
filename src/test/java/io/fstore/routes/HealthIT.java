package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import io.fstore.source.mongodb.TestMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /observe/health} on Camel's management server while servers this test owns go away and come back: readiness
 * (503 while DOWN) follows each connection and the online store, liveness stays UP, the serving API keeps answering
 * what the online store holds, and the {@code groups} check names each group's last run and its error. Every answer
 * is parsed as JSON (Camel writes it by hand, FStore escapes what it puts in). States are awaited with a deadline.
 */
class HealthIT {

    private static final String FULL = "?exposureLevel=full&data=true";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String NEVER = "schedule: \"0 0 0 1 1 ? 2099\"";

    /** A MongoDB-protocol server of this class, stopped and started again on its port. */
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.dedicated();

    @TempDir(factory = Orders.TempDirs.class)
    Path work;
    private final ObjectMapper json = new ObjectMapper();

    /** One answer of the health endpoint: its HTTP status and its parsed body. */
    private record Health(int status, JsonNode body) {

        /** The check's entry ({@code name}, {@code status}, {@code message}, {@code data}), else a missing node. */
        JsonNode check(String id) {
            return StreamSupport.stream(body.path("checks").spliterator(), false)
                    .filter(c -> c.path("name").asText().equals(id)).findFirst()
                    .orElse(json().missingNode());
        }

        String state(String id) {
            return check(id).path("status").asText("absent");
        }

        private static ObjectMapper json() {
            return new ObjectMapper();
        }
    }

    private Health health(FStoreHarness fstore, String path) throws Exception {
        HttpResponse<String> answer = fstore.getManagement(path + FULL);
        return new Health(answer.statusCode(), json.readTree(answer.body()));
    }

    /** Asks until the answer matches, at most {@link #DEADLINE}; fails showing the last answer. */
    private Health await(FStoreHarness fstore, String path, Predicate<Health> until) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Health last = health(fstore, path);
        while (!until.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching answer of " + path + " within " + DEADLINE + "; the last: "
                        + last.status() + " " + last.body().toPrettyString());
            }
            Thread.sleep(100);
            last = health(fstore, path);
        }
        return last;
    }

    private static Predicate<Health> up(String check) {
        return h -> h.status() == 200 && h.state(check).equals("UP");
    }

    private static Predicate<Health> down(String check) {
        return h -> h.status() == 503 && h.state(check).equals("DOWN");
    }

    /** Liveness: 200, every check UP, and none of the readiness-only ones (connections, online store) in it. */
    private void assertAlive(FStoreHarness fstore, String readinessOnly) throws Exception {
        Health live = health(fstore, "/observe/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().path("status").asText()).isEqualTo("UP");
        assertThat(live.state("groups")).isEqualTo("UP");
        assertThat(live.state(readinessOnly)).isEqualTo("absent");
    }

    @Test
    void a_jdbc_source_cut_off_turns_readiness_down_while_serving_goes_on_and_up_again_once_it_is_back()
            throws Exception {
        try (Orders orders = Orders.create("health", 90)) {
            URI pg = URI.create(orders.url.substring("jdbc:".length()));
            try (CuttableProxy proxy = new CuttableProxy(pg.getHost(), pg.getPort())) {
                Orders.write(work.resolve("features"), "spend", orders.group("spend", "pg",
                        "SELECT customer_id, amount, ts FROM %s", "", NEVER));
                Map<String, String> props = new HashMap<>();
                props.put("fstore.connection.pg.kind", "jdbc");
                props.put("fstore.connection.pg.url", orders.url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port()
                        + "/"));
                props.put("fstore.health.timeout", "1s");
                try (FStoreHarness fstore = new FStoreHarness(work, props)) {
                    assertThat(fstore.run("spend").rowsRead()).isEqualTo(90);
                    Health ready = await(fstore, "/observe/health/ready", up("connection:pg"));
                    assertThat(ready.body().path("status").asText()).isEqualTo("UP");
                    assertThat(ready.check("connection:pg").path("data").path("kind").asText()).isEqualTo("jdbc");
                    assertThat(ready.check("connection:pg").path("data").path("timeout").asText()).isEqualTo("1000ms");

                    proxy.refuse();
                    Health down = await(fstore, "/observe/health/ready", down("connection:pg"));
                    assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
                    JsonNode pgDown = down.check("connection:pg");
                    assertThat(pgDown.path("data").path("error").asText()).startsWith("PSQLException: ");
                    assertThat(pgDown.path("message").asText()).as("the reason on one line, read back as written")
                            .startsWith("PSQLException: ").doesNotContain("\n").doesNotContain("\\");
                    assertThat(down.state("online-store")).as("only the source is away").isEqualTo("UP");
                    assertAlive(fstore, "connection:pg");
                    assertThat(Orders.onlineAmounts(fstore, "spend")).as("served from the online store")
                            .isEqualTo(Orders.newestAmounts(90));
                    assertThat(fstore.getJson("/features/spend?customer_id=c3").path("results").get(0)
                            .path("features").path("amount").path("value").asDouble()).isEqualTo(63 * 1.5);

                    proxy.admit();
                    Health back = await(fstore, "/observe/health/ready", up("connection:pg"));
                    assertThat(back.check("connection:pg").has("message")).as("no reason left").isFalse();
                    assertThat(back.check("connection:pg").path("data").has("error")).isFalse();
                    assertThat(fstore.run("spend").status()).as("the source serves runs again").isEqualTo("succeeded");
                }
            }
        }
    }

    @Test
    void a_mongodb_server_stopped_turns_readiness_down_and_started_again_on_its_port_up() throws Exception {
        Map<String, String> props = Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", MONGO.uri(), "fstore.health.timeout", "1s");
        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            Health ready = await(fstore, "/observe/health/ready", up("connection:docs"));
            assertThat(ready.check("connection:docs").path("data").path("kind").asText()).isEqualTo("mongodb");

            MONGO.stopServer();
            Health down = await(fstore, "/observe/health/ready", down("connection:docs"));
            assertThat(down.check("connection:docs").path("message").asText()).isNotBlank();
            assertThat(down.check("connection:docs").path("data").path("error").asText()).startsWith("Mongo");
            assertAlive(fstore, "connection:docs");

            MONGO.restartServer();
            assertThat(await(fstore, "/observe/health/ready", up("connection:docs")).body().path("status").asText())
                    .isEqualTo("UP");
        } finally {
            MONGO.restartServer(); // for the other tests of the class, whatever happened
        }
    }

    @Test
    void the_redis_online_store_cut_off_turns_readiness_down_and_up_again_once_it_is_back() throws Exception {
        URI redis = URI.create(TestDatabases.redis());
        try (CuttableProxy proxy = new CuttableProxy(redis.getHost(), redis.getPort())) {
            String where = "127.0.0.1:" + proxy.port();
            Map<String, String> props = Map.of("fstore.online.type", "redis",
                    "fstore.online.redis.url", "redis://" + where, "fstore.health.timeout", "1s");
            try (FStoreHarness fstore = new FStoreHarness(work, props)) {
                Health ready = await(fstore, "/observe/health/ready", up("online-store"));
                assertThat(ready.check("online-store").path("data").path("store").asText())
                        .isEqualTo("Redis at " + where + ", a hash per group and entity (fstore:<group>:<entity>)");

                proxy.refuse();
                Health down = await(fstore, "/observe/health/ready", down("online-store"));
                assertThat(down.check("online-store").path("message").asText())
                        .startsWith("IllegalStateException: Redis at " + where + " does not answer: ");
                assertThat(down.check("online-store").path("data").path("error").asText())
                        .startsWith("IllegalStateException: Redis at " + where + " does not answer: ");
                assertAlive(fstore, "online-store");

                proxy.admit();
                await(fstore, "/observe/health/ready", up("online-store"));
            }
        }
    }

    @Test
    void after_a_failed_run_the_groups_check_names_its_status_and_error_and_stays_up() throws Exception {
        try (Orders orders = Orders.create("health_runs", 30)) {
            Orders.write(work.resolve("features"), "fine", orders.group("fine", "pg",
                    "SELECT customer_id, amount, ts FROM %s", "", NEVER));
            // PostgreSQL's error names the table in double quotes and gives the position on a line of its own
            Orders.write(work.resolve("features"), "broken", orders.group("broken", "pg",
                    "SELECT customer_id, amount, ts FROM %s_missing", "", NEVER));
            try (FStoreHarness fstore = new FStoreHarness(work, orders.connection("pg"))) {
                Health before = health(fstore, "/observe/health");
                assertThat(before.check("groups").path("data").path("group.broken.status").asText()).isEqualTo("never_run");

                RunSummary fine = fstore.run("fine");
                assertThatThrownBy(() -> fstore.run("broken")).hasStackTraceContaining("does not exist");
                RunSummary broken = new GroupStateStore(fstore.dataDir.resolve("state")).load("broken").orElseThrow()
                        .lastRun();
                assertThat(broken.status()).isEqualTo("failed");
                assertThat(broken.error()).contains("\"" + orders.table + "_missing\"").contains("\n");

                Health health = health(fstore, "/observe/health");
                assertThat(health.status()).as("a failed run takes nothing out").isEqualTo(200);
                JsonNode groups = health.check("groups");
                assertThat(groups.path("status").asText()).isEqualTo("UP");
                assertThat(groups.path("message").asText())
                        .isEqualTo("last runs: 1 failed (broken), 1 succeeded");
                JsonNode data = groups.path("data");
                assertThat(data.path("group.broken.status").asText()).isEqualTo("failed");
                assertThat(data.path("group.broken.error").asText()).isEqualTo(broken.error());
                assertThat(data.path("group.broken.finished").asText()).isEqualTo(broken.finishedAt().toString());
                assertThat(data.path("group.fine.status").asText()).isEqualTo("succeeded");
                assertThat(data.path("group.fine.finished").asText()).isEqualTo(fine.finishedAt().toString());
                assertThat(data.has("group.fine.error")).isFalse();
                assertThat(health(fstore, "/observe/health/live").check("groups").path("data")
                        .path("group.broken.error").asText()).as("in liveness too").isEqualTo(broken.error());
            }
        }
    }
}
