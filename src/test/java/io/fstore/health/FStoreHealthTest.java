package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.fstore.TestGroups;
import io.fstore.runtime.FStoreSettings;
import io.fstore.source.GroupStateStore;
import io.fstore.source.SourceKinds;
import io.fstore.store.online.EmbeddedOnlineStore;
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
        try (dw; online) {
            FStoreHealth health = FStoreHealth.of(settings, props, Map.of("dw", dw), online,
                    new GroupStateStore(dir.resolve("state")), List.of(TestGroups.longForm()));
            health.setCamelContext(new DefaultCamelContext());

            Map<String, HealthCheck.Result> results = health.stream().map(HealthCheck::call)
                    .collect(Collectors.toMap(r -> r.getCheck().getId(), r -> r));
            assertThat(results).containsOnlyKeys("connection:dw", "online-store", "groups");
            assertThat(results.values()).allSatisfy(r -> assertThat(r.getState()).isEqualTo(HealthCheck.State.UP));
            assertThat(results.get("connection:dw").getDetails()).containsEntry("kind", "jdbc")
                    .containsEntry("timeout", "3000ms");
            assertThat(results.get("online-store").getDetails())
                    .containsEntry("store", "embedded RocksDB in " + dir.resolve("online").toAbsolutePath());
            assertThat(results.get("groups").getDetails())
                    .containsEntry("group." + TestGroups.longForm().name() + ".status", "never");

            online.close();
            HealthCheck.Result down = health.stream().filter(c -> c.getId().equals("online-store")).findFirst()
                    .orElseThrow().call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValue("IllegalStateException: the online store in " + dir.resolve("online")
                    + " is closed");

            health.setEnabled(false);
            assertThat(health.stream()).isEmpty();
        }
    }
}
