package io.fstore.store.online;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Settings of {@link RedisOnlineStore} ({@code fstore.online.type=redis}).
 *
 * @param url {@code redis://[user:password@]host:port[/database]}, {@code rediss://} for TLS; secret (it may hold a
 *            password): {@link #toString} and {@link #where} leave the user and password out
 */
public record RedisOnlineStoreConfig(String url) implements OnlineStoreConfig {

    static final OnlineSetting<String> URL = new OnlineSetting<>("url", "URL", "redis://127.0.0.1:6379", false, true,
            "the Redis server: redis://[user:password@]host:port[/database], rediss:// for TLS; give the password "
                    + "through {{env:...}}",
            "a Redis URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380/0",
            RedisOnlineStoreConfig::check);

    static final OnlineStoreType<RedisOnlineStoreConfig> TYPE = new OnlineStoreType<>("redis",
            "Redis, a hash per group and entity", List.of(URL), RedisOnlineStoreConfig.class,
            v -> new RedisOnlineStoreConfig(v.get(URL)), (config, context) -> new RedisOnlineStore(config));

    public RedisOnlineStoreConfig {
        check(url);
    }

    /** Host, port and database: where the store is, without credentials. */
    public String where() {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
    }

    @Override
    public String type() {
        return TYPE.name();
    }

    @Override
    public String toString() {
        return "RedisOnlineStoreConfig[" + URI.create(url).getScheme() + "://" + where() + "]";
    }

    /** What Jedis accepts: scheme redis or rediss, a host, a port, an optional database number. */
    private static String check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL"); // the text may hold the password: not repeated
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the scheme is not redis:// or rediss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (uri.getPort() < 0) {
            throw new IllegalArgumentException("no port (Redis' usual one is 6379)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.matches("/\\d{0,5}")) {
            throw new IllegalArgumentException("the path is not a database number (/0, /1, ...)");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("a query or fragment, which Redis URLs do not have");
        }
        return url;
    }
}
