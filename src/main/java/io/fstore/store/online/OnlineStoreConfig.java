package io.fstore.store.online;

/**
 * The typed, validated settings of the online store {@code fstore.online.type} chooses; one record per type
 * ({@link EmbeddedOnlineStoreConfig}, {@link RedisOnlineStoreConfig}, {@link PostgresOnlineStoreConfig}). Its
 * {@code toString} never shows a secret.
 */
public sealed interface OnlineStoreConfig
        permits EmbeddedOnlineStoreConfig, RedisOnlineStoreConfig, PostgresOnlineStoreConfig {

    /** The type name: {@code embedded}, {@code redis}, {@code postgres}. */
    String type();
}
