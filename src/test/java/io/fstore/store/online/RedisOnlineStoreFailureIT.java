package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.it.FStoreHarness;
import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.embedded.RedisServer;

/**
 * Redis replies that are errors fail the write, on a Redis server this test owns (password protected, so messages
 * can be checked for leaks): a flushed script cache is reloaded, out of memory, a read-only replica and a stopped
 * server throw.
 */
class RedisOnlineStoreFailureIT {

    private static final String PASSWORD = "s3cr3t-pw";
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");
    private static final FeatureGroup GROUP = new FeatureGroup("failures", "", new Entity("customer", "customer_id"),
            new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"), false,
            Duration.ZERO, List.of(Feature.of("spend", ValueType.DOUBLE)));

    @TempDir
    Path serverDir;
    private RedisServer server;
    private JedisPooled admin;
    private RedisOnlineStore store;
    private int port;

    @BeforeEach
    void startServer() throws IOException {
        port = FStoreHarness.freePort();
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("dir " + serverDir)
                .setting("save \"\"").setting("appendonly no").setting("requirepass " + PASSWORD).build();
        server.start();
        String url = "redis://:" + PASSWORD + "@127.0.0.1:" + port;
        admin = new JedisPooled(URI.create(url));
        store = new RedisOnlineStore(url);
        store.create(GROUP);
    }

    @AfterEach
    void stopServer() throws IOException {
        try {
            store.close();
            admin.close();
        } finally {
            server.stop();
        }
    }

    @Test
    void writes_after_the_script_cache_is_flushed_still_land() {
        store.writeRows(GROUP, List.of(row(T1, 1.0)), T1);

        admin.scriptFlush();
        store.writeRows(GROUP, List.of(row(T2, 2.0)), T2);
        assertThat(spend()).isEqualTo(new StoredValue(2.0, T2));

        admin.scriptFlush();
        store.writeRows(GROUP, List.of(row(T2.plusSeconds(1), 3.0)), T2);
        assertThat(spend()).isEqualTo(new StoredValue(3.0, T2.plusSeconds(1)));
    }

    @Test
    void a_write_refused_for_memory_throws_naming_redis_and_the_error_and_lands_nothing() {
        store.writeRows(GROUP, List.of(row(T1, 1.0)), T1);
        admin.configSet("maxmemory-policy", "noeviction");
        admin.configSet("maxmemory", "1");
        try {
            assertFailsWithoutPassword(() -> store.writeRows(GROUP, List.of(row(T2, 2.0)), T2), "OOM");
        } finally {
            admin.configSet("maxmemory", "0");
        }
        assertThat(spend()).isEqualTo(new StoredValue(1.0, T1));
    }

    @Test
    void a_write_to_a_read_only_replica_throws() throws IOException {
        store.writeRows(GROUP, List.of(row(T1, 1.0)), T1);
        // a master that is not there: the replica stays read-only
        admin.sendCommand(Protocol.Command.REPLICAOF, "127.0.0.1", String.valueOf(FStoreHarness.freePort()));
        try {
            assertFailsWithoutPassword(() -> store.writeRows(GROUP, List.of(row(T2, 2.0)), T2), "READONLY");
        } finally {
            admin.sendCommand(Protocol.Command.REPLICAOF, "NO", "ONE");
        }
        assertThat(spend()).isEqualTo(new StoredValue(1.0, T1));
    }

    @Test
    void a_write_to_a_stopped_server_throws() throws IOException {
        store.writeRows(GROUP, List.of(row(T1, 1.0)), T1);
        assertThat(spend()).isEqualTo(new StoredValue(1.0, T1));

        server.stop();

        assertFailsWithoutPassword(() -> store.writeRows(GROUP, List.of(row(T2, 2.0)), T2), "127.0.0.1");
    }

    @Test
    void a_ping_while_the_server_is_stopped_throws_naming_redis_and_answers_again_once_it_is_back() throws IOException {
        store.ping(Duration.ofSeconds(1));

        server.stop();
        assertFailsWithoutPassword(() -> store.ping(Duration.ofSeconds(1)), "Redis at 127.0.0.1:" + port
                + " does not answer");

        server.start();
        store.ping(Duration.ofSeconds(1));
        store.writeRows(GROUP, List.of(row(T1, 1.0)), T1);
        assertThat(spend()).as("the store works again, no restart").isEqualTo(new StoredValue(1.0, T1));
    }

    private static FeatureRow row(Instant event, double spend) {
        return new FeatureRow("c1", event, new Object[] {spend});
    }

    private StoredValue spend() {
        Map<String, StoredValue> values = store.read(GROUP.name(), List.of("c1"), List.of("spend")).get(0);
        return values.get("spend");
    }

    private static void assertFailsWithoutPassword(Runnable write, String error) {
        assertThatThrownBy(write::run).satisfies(e -> {
            assertThat(e.getMessage()).contains("Redis").contains(error).doesNotContain(PASSWORD);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD);
            }
        });
    }
}
