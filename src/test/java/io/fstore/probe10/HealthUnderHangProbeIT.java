package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probes of issue #10: /observe/health while a source's server hangs (accepts TCP, never answers). The check
 * waits fstore.health.timeout (1 s here) for a ping; a health request must answer within about that, however many
 * ask at once, and the rest of the management server (Jolokia for Hawtio, metrics) must not wait behind it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthUnderHangProbeIT {

    private static final int CLIENTS = 4;
    @TempDir(factory = P10.TempDirs.class)
    static Path work;
    private HangingServer hang;
    private FStoreHarness fstore;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    /** One answer and how long it took. */
    private record Timed(int status, String body, long millis) {
    }

    @BeforeAll
    void start() throws Exception {
        hang = new HangingServer();
        fstore = new FStoreHarness(work, Map.of("fstore.connection.stuck.kind", "jdbc",
                "fstore.connection.stuck.url", "jdbc:postgresql://127.0.0.1:" + hang.port() + "/db",
                "fstore.health.timeout", "1s"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (fstore != null) {
                fstore.close();
            }
        } finally {
            hang.close();
        }
    }

    private Timed get(String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + fstore.managementPort + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Timed(r.statusCode(), r.body(), (System.nanoTime() - start) / 1_000_000);
    }

    private List<Timed> atOnce(List<String> paths) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(paths.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Timed>> pending = new ArrayList<>();
            for (String path : paths) {
                pending.add(clients.submit(() -> {
                    go.await();
                    return get(path);
                }));
            }
            go.countDown();
            List<Timed> answers = new ArrayList<>();
            for (Future<Timed> f : pending) {
                answers.add(f.get(90, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private JsonNode check(Timed answer, String id) throws Exception {
        for (JsonNode c : json.readTree(answer.body()).path("checks")) {
            if (c.path("name").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + answer.body());
    }

    @Test
    void concurrent_readiness_requests_each_answer_within_about_the_timeout() throws Exception {
        get("/observe/health/ready"); // the first ping is in flight from here on

        List<Timed> answers = atOnce(java.util.Collections.nCopies(CLIENTS,
                "/observe/health/ready?exposureLevel=full"));

        for (Timed a : answers) {
            assertThat(a.status()).isEqualTo(503);
            assertThat(check(a, "connection:stuck").path("status").asText()).isEqualTo("DOWN");
        }
        assertThat(answers).extracting(Timed::millis).as("each within timeout + 1 s")
                .allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
    }

    @Test
    void jolokia_and_metrics_answer_while_a_health_request_waits_for_the_hung_server() throws Exception {
        java.util.concurrent.CompletableFuture<Timed> health = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return get("/observe/health/ready");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200); // a health request blocked on the ping would hold the management server 800 ms more

        Timed jolokia = get("/observe/jolokia/version");
        Timed metrics = get("/observe/metrics");

        assertThat(health.get(30, TimeUnit.SECONDS).status()).isEqualTo(503);
        assertThat(jolokia.status()).isEqualTo(200);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(jolokia.millis()).as("Jolokia (Hawtio) while health waits").isLessThan(700);
        assertThat(metrics.millis()).as("metrics while health waits").isLessThan(700);
    }
}
