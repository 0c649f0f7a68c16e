package io.fstore.store.online;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Settings of {@link EmbeddedOnlineStore} ({@code fstore.online.type=embedded}, the default).
 *
 * @param path         the RocksDB folder; empty: {@code <fstore.data-dir>/online/embedded}
 * @param blockCacheMb RocksDB block cache, in MiB
 */
public record EmbeddedOnlineStoreConfig(Optional<Path> path, int blockCacheMb) implements OnlineStoreConfig {

    public static final int DEFAULT_BLOCK_CACHE_MB = 128;

    static final OnlineSetting<Path> PATH = new OnlineSetting<>("path", "path", null, false, false,
            "the RocksDB folder (default: <fstore.data-dir>/online/embedded); one FStore process at a time",
            "a folder path", text -> {
                try {
                    return Path.of(text);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("not a path: " + e.getReason());
                }
            });
    static final OnlineSetting<Integer> BLOCK_CACHE_MB = OnlineSetting.integer("block-cache-mb",
            DEFAULT_BLOCK_CACHE_MB, 8, 1 << 20, "RocksDB's block cache in MiB: keeps recently read entities in memory");

    static final OnlineStoreType<EmbeddedOnlineStoreConfig> TYPE = new OnlineStoreType<>("embedded",
            "RocksDB in the data directory, no server to run", List.of(PATH, BLOCK_CACHE_MB),
            EmbeddedOnlineStoreConfig.class,
            v -> new EmbeddedOnlineStoreConfig(Optional.ofNullable(v.get(PATH)), v.get(BLOCK_CACHE_MB)),
            (config, context) -> new EmbeddedOnlineStore(config, context.dataDir()));

    /** The defaults: the folder under the data directory, a 128 MiB block cache. */
    public static EmbeddedOnlineStoreConfig defaults() {
        return new EmbeddedOnlineStoreConfig(Optional.empty(), DEFAULT_BLOCK_CACHE_MB);
    }

    /** The folder the store lives in, given the data directory. */
    public Path folder(Path dataDir) {
        return path.orElse(dataDir.resolve("online").resolve("embedded"));
    }

    @Override
    public String type() {
        return TYPE.name();
    }
}
