package io.fstore.runtime;

import java.util.Map;

import javax.sql.DataSource;

import io.fstore.store.online.EmbeddedOnlineStore;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.PostgresOnlineStore;
import io.fstore.store.online.RedisOnlineStore;

/** Opens the online store {@code fstore.online.type} names. */
final class OnlineStores {

    private OnlineStores() {
    }

    static OnlineStore open(FStoreSettings settings, Map<String, ? extends DataSource> datasources) {
        return switch (settings.onlineType()) {
            case "redis" -> new RedisOnlineStore(settings.onlineRedisUrl());
            case "postgres" -> new PostgresOnlineStore(datasources.get(settings.onlinePostgresDatasource()));
            default -> new EmbeddedOnlineStore(settings.dataDir().resolve("online").resolve("embedded"));
        };
    }
}
