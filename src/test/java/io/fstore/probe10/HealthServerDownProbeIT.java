package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probe of issue #10: a source's PostgreSQL that refuses connections, then answers, then hangs, then answers
 * again (new connections; the hung ones stay hung): readiness follows each change within a bound, and many
 * concurrent health requests while it refuses answer at once.
 */
class HealthServerDownProbeIT {

    private static final String READY = "/observe/health/ready?exposureLevel=full";
    @TempDir(factory = P10.TempDirs.class)
    Path work;

    private static String state(FStoreHarness fstore) throws Exception {
        JsonNode body = P10.JSON.readTree(fstore.getManagement(READY).body());
        for (JsonNode check : body.get("checks")) {
            if (check.get("name").asText().equals("connection:db")) {
                return check.get("status").asText();
            }
        }
        return "absent";
    }

    /** Seconds until the check reads {@code wanted} (at most 30). */
    private static double secondsUntil(FStoreHarness fstore, String wanted) throws Exception {
        long start = System.nanoTime();
        String last = P10.await(() -> state(fstore), wanted::equals);
        assertThat(last).isEqualTo(wanted);
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    void readiness_follows_a_refusing_an_answering_and_a_hung_server_within_bounds() throws Exception {
        int pgPort = URI.create(TestDatabases.postgres().substring("jdbc:".length())).getPort();
        try (HangingServer db = new HangingServer(HangingServer.Mode.REFUSE, pgPort)) {
            String url = TestDatabases.postgres().replaceFirst("//[^/]+/", "//127.0.0.1:" + db.port() + "/");
            try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.connection.db.kind", "jdbc",
                    "fstore.connection.db.url", url, "fstore.health.timeout", "1s"))) {
                assertThat(state(fstore)).isEqualTo("DOWN");

                ExecutorService clients = Executors.newFixedThreadPool(8);
                List<Long> millis = new ArrayList<>();
                try {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Long>> pending = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        pending.add(clients.submit(() -> {
                            go.await();
                            long start = System.nanoTime();
                            assertThat(fstore.getManagement(READY).statusCode()).isEqualTo(503);
                            return (System.nanoTime() - start) / 1_000_000;
                        }));
                    }
                    go.countDown();
                    for (Future<Long> f : pending) {
                        millis.add(f.get(60, TimeUnit.SECONDS));
                    }
                } finally {
                    clients.shutdownNow();
                }
                assertThat(millis).as("8 requests at once while the server refuses")
                        .allSatisfy(ms -> assertThat(ms).isLessThan(1_500));

                db.mode(HangingServer.Mode.FORWARD);
                assertThat(secondsUntil(fstore, "UP")).as("UP once it answers").isLessThan(3);
                db.mode(HangingServer.Mode.HANG);
                assertThat(secondsUntil(fstore, "DOWN")).as("DOWN once it hangs").isLessThan(3);
                db.mode(HangingServer.Mode.FORWARD);
                assertThat(secondsUntil(fstore, "UP")).as("UP again after the hang, the hung ping given up")
                        .isLessThan(Duration.ofSeconds(15).toSeconds());
            }
        }
    }
}
