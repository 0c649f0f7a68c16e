package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.fstore.it.TestDatabases;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The online store contract on a real Redis server. */
class RedisOnlineStoreIT extends OnlineStoreContract {

    @Override
    protected OnlineStore newStore() {
        return new RedisOnlineStore(TestDatabases.redis());
    }

    @Test
    void an_entity_hash_expires_ttl_after_its_newest_event() {
        FeatureGroup g = wideGroup("expiry", Duration.ofHours(1));
        Instant newest = Instant.now().minusSeconds(600);
        store.writeRows(g, List.of(new FeatureRow("c1", newest.minusSeconds(600), new Object[] {1.0, 1L})), java.time.Instant.now());
        store.writeRows(g, List.of(new FeatureRow("c1", newest, new Object[] {2.0, 2L})), java.time.Instant.now());
        store.writeRows(g, List.of(new FeatureRow("c1", newest.minusSeconds(1200), new Object[] {0.0, 0L})), java.time.Instant.now());

        try (JedisPooled redis = new JedisPooled(URI.create(TestDatabases.redis()))) {
            long remaining = redis.pttl(RedisOnlineStore.key(g.name(), "c1"));
            long expected = newest.plus(Duration.ofHours(1)).toEpochMilli() - System.currentTimeMillis();
            assertThat(remaining).as("expires ttl after the newest event, not the latest write").isBetween(
                    expected - 5_000, expected + 1_000);
        }
    }
}
