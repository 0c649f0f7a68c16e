package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fstore.it.FStoreHarness;
import io.fstore.it.TestDatabases;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.embedded.RedisServer;

/** The online store contract on a real Redis server. */
class RedisOnlineStoreIT extends OnlineStoreContract {

    @Override
    protected OnlineStore newStore() {
        return new RedisOnlineStore(TestDatabases.redis());
    }

    /** A store on a redis-server of this test's own, stopped once the store is open. */
    @Override
    protected OnlineStore storeThatCannotServe() throws Exception {
        int port = FStoreHarness.freePort();
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        RedisOnlineStore away;
        try {
            away = new RedisOnlineStore("redis://127.0.0.1:" + port);
        } finally {
            server.stop();
        }
        return away;
    }

    @Override
    protected void cutShort(String group, String entity, String feature, int bytes) {
        byte[] key = RedisOnlineStore.key(group, entity).getBytes(StandardCharsets.UTF_8);
        byte[] field = feature.getBytes(StandardCharsets.UTF_8);
        try (JedisPooled redis = new JedisPooled(URI.create(TestDatabases.redis()))) {
            byte[] value = redis.hget(key, field);
            redis.hset(key, field, java.util.Arrays.copyOf(value, value.length - bytes));
        }
    }

    @Test
    void an_entity_hash_expires_ttl_after_its_newest_event() {
        FeatureGroup g = wideGroup("expiry", Duration.ofHours(1));
        Instant newest = Instant.now().minusSeconds(600);
        store.writeRows(g, List.of(new FeatureRow("c1", newest.minusSeconds(600), new Object[] {1.0, 1L})), Instant.now());
        store.writeRows(g, List.of(new FeatureRow("c1", newest, new Object[] {2.0, 2L})), Instant.now());
        store.writeRows(g, List.of(new FeatureRow("c1", newest.minusSeconds(1200), new Object[] {0.0, 0L})), Instant.now());

        try (JedisPooled redis = new JedisPooled(URI.create(TestDatabases.redis()))) {
            long remaining = redis.pttl(RedisOnlineStore.key(g.name(), "c1"));
            long expected = newest.plus(Duration.ofHours(1)).toEpochMilli() - System.currentTimeMillis();
            assertThat(remaining).as("expires ttl after the newest event, not the latest write").isBetween(
                    expected - 5_000, expected + 1_000);
        }
    }

    @Test
    void values_written_before_ingestion_times_are_replaced_by_a_later_ingestion_at_the_same_event() {
        FeatureGroup g = wideGroup("old_format", Duration.ZERO);
        try (JedisPooled redis = new JedisPooled(URI.create(TestDatabases.redis()))) {
            for (String entity : List.of("c1", "c2")) { // what the script stored before: "@<feature>" = event micros
                redis.hset(RedisOnlineStore.key(g.name(), entity).getBytes(StandardCharsets.UTF_8), Map.of(
                        "spend".getBytes(StandardCharsets.UTF_8), ValueCodec.encode(100.0, T2),
                        "@spend".getBytes(StandardCharsets.UTF_8),
                        Long.toString(Timestamps.toMicros(T2)).getBytes(StandardCharsets.UTF_8)));
            }
        }

        store.writeRows(g, List.of(new FeatureRow("c1", T2, new Object[] {60.0, 2L}),
                new FeatureRow("c2", T1, new Object[] {1.0, 1L})), I1);

        assertThat(store.read(g.name(), List.of("c1", "c2"), List.of("spend")))
                .containsExactly(Map.of("spend", new StoredValue(60.0, T2)),
                        Map.of("spend", new StoredValue(100.0, T2)));
    }
}
