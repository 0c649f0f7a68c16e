package io.fstore.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.Durations;
import io.fstore.definition.InvalidDefinitionException;
import io.fstore.runtime.http.HttpSettings;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.jdbc.JdbcKind;
import io.fstore.store.online.OnlineStoreConfig;
import io.fstore.store.online.OnlineStoreTypes;

/**
 * FStore's own settings ({@code fstore.*}, and the {@code camel.server.port} Camel would not check), read once at
 * startup and validated: every error names the property.
 * Unknown {@code fstore.*} keys are rejected so a typo never silently falls back to a default.
 */
public record FStoreSettings(Path dataDir, Path featuresDir, int chunkSize, OnlineStoreConfig online,
                             String offlineCompression, int maxEntitiesPerRequest, int maxRequestBytes,
                             int maxValuesPerRequest,
                             boolean demoSeed,
                             Map<String, DataSourceSettings> datasources, HttpSettings http,
                             Map<String, ConnectionSettings> connections, long progressRows,
                             Duration progressInterval, Duration healthTimeout, int runHistory,
                             boolean directReads) {

    public static final Set<String> COMPRESSIONS = Set.of("UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD");
    private static final Set<String> KEYS = Set.of("fstore.data-dir", "fstore.features-dir", "fstore.chunk-size",
            "fstore.offline.compression", "fstore.api.max-request-bytes", "fstore.api.max-entities", "fstore.demo.seed",
            "fstore.http.header-timeout", "fstore.http.body-timeout", "fstore.http.idle-timeout",
            "fstore.http.max-request-line", "fstore.api.max-values-per-request", "fstore.pipeline.sinks",
            "fstore.retry.max-redeliveries", "fstore.retry.delay", "fstore.retry.backoff-multiplier", "fstore.retry.max-delay",
            "fstore.progress.rows", "fstore.progress.interval", "fstore.health.timeout", "fstore.runs.history",
            "fstore.api.direct-reads");
    /** How long one health check waits for a connection's or the online store's answer (fstore.health.timeout). */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /** The kind of each configured connection, by name (what a definition's {@code source.connection} may name). */
    public Map<String, String> connectionKinds() {
        Map<String, String> kinds = new TreeMap<>();
        connections.forEach((name, c) -> kinds.put(name, c.kind()));
        return kinds;
    }

    public static FStoreSettings from(Properties props, String origin) {
        List<DefinitionError> errors = new ArrayList<>();
        Reader r = new Reader(props, origin, errors);
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("fstore.") && !KEYS.contains(key)
                    && !ConnectionProperties.CONNECTION_KEY.matcher(key).matches()
                    && !ConnectionProperties.DATASOURCE_KEY.matcher(key).matches()
                    && !key.startsWith(OnlineStoreTypes.PREFIX)) { // the online store's keys: OnlineStoreTypes.read
                errors.add(new DefinitionError(origin, 0, key, "unknown property",
                        "one of " + String.join(", ", KEYS.stream().sorted().toList())
                                + ", fstore.online.type, fstore.online.<type>.<setting>"
                                + " or fstore.connection.<name>.<setting>"));
            }
        }
        Path dataDir = Path.of(r.string("fstore.data-dir", "data"));
        Path featuresDir = Path.of(r.string("fstore.features-dir", "features"));
        int chunkSize = r.integer("fstore.chunk-size", 10_000, 1, 1_000_000);
        String compression = r.oneOf("fstore.offline.compression", "SNAPPY", COMPRESSIONS);
        int maxEntities = r.integer("fstore.api.max-entities", 1_000, 1, 100_000);
        int maxRequestBytes = r.integer("fstore.api.max-request-bytes", 1 << 20, 1_024, 64 << 20);
        int maxValues = r.integer("fstore.api.max-values-per-request", 100_000, 1, 10_000_000);
        boolean demoSeed = r.bool("fstore.demo.seed", false);
        boolean directReads = r.bool("fstore.api.direct-reads", true);
        int runHistory = r.integer("fstore.runs.history", 20, 1, 1_000);
        retryAndSinks(props, r, origin, errors);
        Map<String, ConnectionSettings> connections = ConnectionProperties.read(props, origin, errors);
        Map<String, DataSourceSettings> datasources = new TreeMap<>();
        connections.values().stream().filter(c -> c.kind().equals("jdbc"))
                .forEach(c -> datasources.put(c.name(), JdbcKind.dataSourceSettings(c)));
        HttpSettings http = http(r);
        Duration healthTimeout = r.duration("fstore.health.timeout", DEFAULT_HEALTH_TIMEOUT, Duration.ofMinutes(1));
        OnlineStoreConfig online = OnlineStoreTypes.read(props, origin, datasources.keySet(), errors);
        long progressRows = r.integer("fstore.progress.rows", 1_000_000, 0, Integer.MAX_VALUE);
        // 0 turns time-based progress lines off (fstore.progress.rows still applies)
        Duration progressInterval = props.getProperty("fstore.progress.interval", "").trim().matches("0[a-z]?")
                ? Duration.ZERO : r.duration("fstore.progress.interval", Duration.ofSeconds(30), Duration.ofDays(1));
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionException(errors);
        }
        return new FStoreSettings(dataDir, featuresDir, chunkSize, online, compression,
                maxEntities, maxRequestBytes, maxValues, demoSeed, datasources, http, connections,
                progressRows, progressInterval, healthTimeout, runHistory, directReads);
    }

    /** The online store's type name: {@code embedded}, {@code redis} or {@code postgres}. */
    public String onlineType() {
        return online.type();
    }

    /**
     * {@code fstore.http.*}, and {@code camel.server.port}: Camel reads a port that is not a number as 0 (a random
     * port) without a word, so it is checked here.
     */
    private static HttpSettings http(Reader r) {
        r.port("camel.server.port");
        return new HttpSettings(
                r.duration("fstore.http.header-timeout", HttpSettings.DEFAULT_HEADER_TIMEOUT, Duration.ofMinutes(10)),
                r.duration("fstore.http.body-timeout", HttpSettings.DEFAULT_BODY_TIMEOUT, Duration.ofHours(1)),
                r.duration("fstore.http.idle-timeout", HttpSettings.DEFAULT_IDLE_TIMEOUT, Duration.ofHours(1)),
                r.integer("fstore.http.max-request-line", HttpSettings.DEFAULT_MAX_REQUEST_LINE, 4_096, 1 << 20));
    }

    /** fstore.retry.* (read by the routes' error policy) and fstore.pipeline.sinks (the chunk route's recipients). */
    private static void retryAndSinks(Properties props, Reader r, String origin, List<DefinitionError> errors) {
        r.integer("fstore.retry.max-redeliveries", 3, 0, 100);
        r.integer("fstore.retry.delay", 1000, 0, 3_600_000);
        r.integer("fstore.retry.max-delay", 30_000, 0, 86_400_000);
        String multiplier = props.getProperty("fstore.retry.backoff-multiplier");
        if (multiplier != null && !multiplier.trim().matches("([1-9]|10)(\\.\\d+)?")) {
            errors.add(new DefinitionError(origin, 0, "fstore.retry.backoff-multiplier", "is '" + multiplier + "'",
                    "a number from 1 to 10, e.g. 2"));
        }
        String sinks = props.getProperty("fstore.pipeline.sinks");
        if (sinks != null && !sinks.trim().matches(SINKS)) {
            errors.add(new DefinitionError(origin, 0, "fstore.pipeline.sinks", "is '" + sinks + "'",
                    "one or more direct: endpoints of sink routes, comma-separated, e.g. "
                            + "direct:sink.offline,direct:sink.online"));
        }
    }

    /** A non-empty, comma-separated list of direct: endpoints. */
    static final String SINKS = "direct:[A-Za-z0-9_.-]+(\\s*,\\s*direct:[A-Za-z0-9_.-]+)*";

    private record Reader(Properties props, String origin, List<DefinitionError> errors) {

        String string(String key, String fallback) {
            String value = props.getProperty(key, fallback).trim();
            if (value.isEmpty()) {
                errors.add(new DefinitionError(origin, 0, key, "is empty", "a value, or remove it for " + fallback));
                return fallback;
            }
            return value;
        }

        int integer(String key, int fallback, int min, int max) {
            String value = props.getProperty(key);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            errors.add(new DefinitionError(origin, 0, key, "is '" + value + "'",
                    "a whole number from " + min + " to " + max));
            return fallback;
        }

        Duration duration(String key, Duration fallback, Duration max) {
            String value = props.getProperty(key);
            if (value == null) {
                return fallback;
            }
            Optional<Duration> d = Durations.parse(value);
            if (d.isPresent() && !d.get().isZero() && d.get().compareTo(max) <= 0) {
                return d.get();
            }
            errors.add(new DefinitionError(origin, 0, key, "is '" + value + "'",
                    "a duration from 1s to " + Durations.format(max) + ": " + Durations.FORMAT));
            return fallback;
        }

        void port(String key) {
            String value = props.getProperty(key);
            if (value != null && !(value.trim().matches("\\d{1,5}") && Integer.parseInt(value.trim()) >= 1
                    && Integer.parseInt(value.trim()) <= 65_535)) {
                errors.add(new DefinitionError(origin, 0, key, "is '" + value + "'", "a port number from 1 to 65535"));
            }
        }

        String oneOf(String key, String fallback, Set<String> allowed) {
            String value = props.getProperty(key, fallback).trim();
            boolean upper = allowed.stream().allMatch(a -> a.equals(a.toUpperCase()));
            String normalized = upper ? value.toUpperCase() : value;
            if (!allowed.contains(normalized)) {
                errors.add(new DefinitionError(origin, 0, key, "is '" + value + "'",
                        "one of " + String.join(", ", allowed.stream().sorted().toList())));
                return fallback;
            }
            return normalized;
        }

        boolean bool(String key, boolean fallback) {
            String value = props.getProperty(key);
            if (value == null) {
                return fallback;
            }
            return switch (value.trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    errors.add(new DefinitionError(origin, 0, key, "is '" + value + "'", "true or false"));
                    yield fallback;
                }
            };
        }
    }
}
