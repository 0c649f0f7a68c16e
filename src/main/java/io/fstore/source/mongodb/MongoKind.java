package io.fstore.source.mongodb;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.fstore.definition.DefinitionError;
import io.fstore.definition.YamlMap;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.runtime.Secrets;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.Setting;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceKind;
import org.bson.Document;

/**
 * {@code kind: mongodb}: a MongoDB find (filter, projection, sort) or aggregate pipeline through camel-mongodb (route
 * template {@code mongodb-source}). Its connections are MongoClients.
 */
public final class MongoKind implements SourceKind {

    private static final List<Setting> SETTINGS = List.of(
            Setting.requiredSecret("uri", "a MongoDB connection string such as mongodb://127.0.0.1:27017 (a password "
                    + "in it through {{env:NAME}})"),
            Setting.optional("database", "", "the database of groups that name none"));

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public Set<String> sourceKeys() {
        return MongoSourceSpec.KEYS;
    }

    @Override
    public String example() {
        return "database: shop, collection: customers, filter: { status: active }";
    }

    @Override
    public Optional<SourceSpec.KindSettings> parse(YamlMap source) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : MongoSourceSpec.KEYS) {
            source.plainValue(key).ifPresent(v -> values.put(key, v));
            if (source.has(key) && !values.containsKey(key)) {
                values.put(key, null);
            }
        }
        try {
            return Optional.of(MongoSourceSpec.parse("source", values));
        } catch (MongoSourceSpec.InvalidMongoSourceException e) {
            for (MongoSourceSpec.Problem p : e.problems()) {
                String key = p.field().replaceFirst("^source\\.", "").split("[.\\[]")[0];
                if (source.has(key)) {
                    source.error(source.node(key).orElseThrow(), p.field(), p.problem(), p.expected());
                } else {
                    source.errorHere(p.field(), p.problem(), p.expected());
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public List<Setting> connectionSettings() {
        return SETTINGS;
    }

    @Override
    public List<DefinitionError> check(ConnectionSettings c, String origin) {
        String uri = c.get("uri");
        try {
            new ConnectionString(uri);
            return List.of();
        } catch (IllegalArgumentException e) {
            // the URI is a secret (it may hold a password, in forms no pattern masks reliably): never echoed
            String reason = String.valueOf(e.getMessage()).replace(uri, "<uri>")
                    .replaceAll("(?s)://.*@", "://***@");
            return List.of(new DefinitionError(origin, 0, c.property("uri"), "is not a MongoDB connection string ("
                    + Secrets.maskPatterns(reason) + ")", "mongodb://host:27017 or mongodb+srv://cluster.example.com"));
        }
    }

    /** Without a {@code database} setting, the database the connection string names (mongodb://host/shop). */
    @Override
    public ConnectionSettings complete(ConnectionSettings c) {
        String fromUri = new ConnectionString(c.get("uri")).getDatabase();
        if (!c.get("database").isEmpty() || fromUri == null) {
            return c;
        }
        java.util.Map<String, String> values = new java.util.HashMap<>(c.values());
        values.put("database", fromUri);
        return new ConnectionSettings(c.name(), c.kind(), values, c.declared(), c.prefix());
    }

    /**
     * A client whose socket reads give up after the longest source timeout (unless the URI sets socketTimeoutMS), so
     * a server that stalls mid-cursor fails the run instead of holding it.
     */
    @Override
    public AutoCloseable open(ConnectionSettings connection, Duration longestSourceTimeout) {
        ConnectionString uri = new ConnectionString(connection.get("uri"));
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(uri);
        if (uri.getSocketTimeout() == null) {
            settings.applyToSocketSettings(s -> s.readTimeout(longestSourceTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        return MongoClients.create(settings.build());
    }

    /**
     * The {@code ping} command on the {@code admin} database, bounded by {@code timeout} (the driver's operation
     * timeout: server selection included, so a server that is away fails it instead of waiting
     * serverSelectionTimeoutMS).
     */
    @Override
    public void ping(AutoCloseable connection, Duration timeout) {
        ((MongoClient) connection).getDatabase("admin").withTimeout(Math.max(1, timeout.toMillis()),
                TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
    }

    @Override
    public Map<String, String> templateParameters(FeatureGroup group) {
        MongoSourceSpec spec = spec(group);
        String connection = group.source().connection();
        return Map.of("connection", connection,
                // the group's database, else the connection's or its URI's (FStoreRuntime hands these to Camel)
                "database", spec.database().orElse("{{fstore.connection." + connection + ".database}}"),
                "collection", spec.collection(),
                "operation", spec.isAggregate() ? "aggregate" : "findAll");
    }

    /** Socket errors, timeouts, a cleared pool, a primary stepping down: see {@link MongoErrors}. */
    @Override
    public boolean isRetriable(Throwable error) {
        return MongoErrors.isRetriable(error);
    }

    @Override
    public SourceAdapter adapter(FeatureGroup group) {
        return new MongoAdapter(group, spec(group));
    }

    static MongoSourceSpec spec(FeatureGroup group) {
        return (MongoSourceSpec) group.source().settings();
    }
}
