package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.fstore.TestGroups;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.RunLeases;
import io.fstore.runtime.FStoreSettings;
import io.fstore.serving.GroupStatuses;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.GroupStateStore;
import io.fstore.source.SourceKinds;
import io.fstore.store.online.EmbeddedOnlineStore;
import io.fstore.store.online.OnlineStore;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FStoreHealthTest {

    @TempDir
    Path dir;

    @Test
    void one_check_per_connection_one_for_the_online_store_and_one_for_the_groups() throws Exception {
        Properties props = new Properties();
        props.setProperty("fstore.connection.dw.kind", "jdbc");
        props.setProperty("fstore.connection.dw.url", "jdbc:h2:mem:health_" + System.nanoTime());
        props.setProperty("fstore.health.timeout", "3s");
        FStoreSettings settings = FStoreSettings.from(props, "test");
        AutoCloseable dw = SourceKinds.get("jdbc").open(settings.connections().get("dw"), Duration.ofMinutes(1));
        EmbeddedOnlineStore online = new EmbeddedOnlineStore(dir.resolve("online"));
        FStoreHealth health = FStoreHealth.of(settings, props, Map.of("dw", dw), online,
                new GroupStatuses(new FeatureGroups(List.of(TestGroups.longForm())),
                        new GroupStateStore(dir.resolve("state")), new RunHistoryStore(dir.resolve("state"), 5),
                        new RunLeases(), Clock.systemUTC()), List.of(TestGroups.longForm()));
        try (dw; online; health) {
            health.setCamelContext(new DefaultCamelContext());
            health.start();

            Map<String, HealthCheck.Result> results = await(health, r -> r.values().stream()
                    .allMatch(c -> c.getState() == HealthCheck.State.UP));
            assertThat(results).containsOnlyKeys("connection:dw", "online-store", "groups");
            assertThat(results.values()).allSatisfy(r -> assertThat(r.getState()).isEqualTo(HealthCheck.State.UP));
            assertThat(results.get("connection:dw").getDetails()).containsEntry("kind", "jdbc")
                    .containsEntry("timeout", "3000ms");
            assertThat(results.get("online-store").getDetails())
                    .containsEntry("store", "embedded RocksDB in " + dir.resolve("online").toAbsolutePath());
            assertThat(results.get("groups").getDetails())
                    .containsEntry("group." + TestGroups.longForm().name() + ".status", "never_run");

            online.close();
            HealthCheck.Result down = await(health, r -> r.get("online-store").getState() == HealthCheck.State.DOWN)
                    .get("online-store");
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValue("IllegalStateException: the online store in " + dir.resolve("online")
                    + " is closed");

            health.setEnabled(false);
            assertThat(health.stream()).isEmpty();
        }
    }

    private static long healthThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("fstore-health"))
                .count();
    }

    /** Every check's result once they match (the pings answer in the background), at most 10 s. */
    private static Map<String, HealthCheck.Result> await(FStoreHealth health,
                                                         Predicate<Map<String, HealthCheck.Result>> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Map<String, HealthCheck.Result> results = health.stream().map(HealthCheck::call)
                    .collect(Collectors.toMap(r -> r.getCheck().getId(), r -> r));
            if (until.test(results) || System.nanoTime() > deadline) {
                return results;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void stopped_it_pings_no_more_and_leaves_no_thread() throws Exception {
        Properties props = new Properties();
        FStoreSettings settings = FStoreSettings.from(props, "test");
        AtomicInteger pings = new AtomicInteger();
        OnlineStore counting = (OnlineStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {OnlineStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "ping" -> {
                        pings.incrementAndGet();
                        yield null;
                    }
                    case "describe" -> "counting pings";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        FStoreHealth health = FStoreHealth.of(settings, props, Map.of(), counting,
                new GroupStatuses(new FeatureGroups(List.of()), new GroupStateStore(dir.resolve("state")),
                        new RunHistoryStore(dir.resolve("state"), 5), new RunLeases(), Clock.systemUTC()), List.of());
        try (health) {
            health.setCamelContext(new DefaultCamelContext());
            health.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pings.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(pings.get()).as("pinged on its own at start").isEqualTo(1);
            Thread.sleep(FStoreHealth.INTERVAL.toMillis() + 200);
            health.stream().forEach(HealthCheck::call); // asked for an answer older than INTERVAL: pings again
            while (pings.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(pings.get()).as("pinged again when asked for a stale answer").isEqualTo(2);

            health.stop();
            Thread.sleep(200); // a ping just started ends
            int stopped = pings.get();
            Thread.sleep(FStoreHealth.INTERVAL.toMillis() * 2);
            health.stream().forEach(HealthCheck::call);
            assertThat(pings).as("no ping after stop, not even asked").hasValue(stopped);
            while (healthThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(healthThreads()).as("threads left").isZero();
        }
    }
}
