package io.fstore.store.online;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.fstore.definition.DefinitionError;

/**
 * The registry of online store types, one line each, and the reading of their settings:
 * {@code fstore.online.type = embedded | redis | postgres} chooses one, {@code fstore.online.<type>.<setting>} sets
 * it. Every key under {@code fstore.online.} must be {@code fstore.online.type} or a declared setting of a registered
 * type; every value present is checked (also of types not chosen, so a typo never waits for the day the type is
 * switched); required settings and references (a connection name) are checked for the chosen type. Each problem is
 * one error naming the property.
 */
public final class OnlineStoreTypes {

    public static final String PREFIX = "fstore.online.";
    public static final String TYPE_PROPERTY = PREFIX + "type";
    public static final String DEFAULT_TYPE = "embedded";

    private static final Map<String, OnlineStoreType<?>> TYPES = new LinkedHashMap<>();

    static {
        register(EmbeddedOnlineStoreConfig.TYPE);
        register(RedisOnlineStoreConfig.TYPE);
        register(PostgresOnlineStoreConfig.TYPE);
    }

    private OnlineStoreTypes() {
    }

    private static void register(OnlineStoreType<?> type) {
        TYPES.put(type.name(), type);
    }

    /** Every registered type, in registration order. */
    public static List<OnlineStoreType<?>> all() {
        return List.copyOf(TYPES.values());
    }

    /**
     * Reads and validates the online store settings; problems are added to {@code errors} (nothing is thrown).
     *
     * @param datasources names of the configured jdbc connections, which settings may refer to
     * @return the chosen type's config (the default type's when the type itself is wrong)
     */
    public static OnlineStoreConfig read(Properties props, String origin, Set<String> datasources,
                                         List<DefinitionError> errors) {
        String typeName = props.getProperty(TYPE_PROPERTY, DEFAULT_TYPE).trim();
        OnlineStoreType<?> chosen = TYPES.get(typeName);
        if (chosen == null) {
            errors.add(new DefinitionError(origin, 0, TYPE_PROPERTY, "is '" + typeName + "'",
                    "one of " + String.join(", ", new TreeSet<>(TYPES.keySet()))));
        }
        unknownKeys(props, origin, errors);
        OnlineStoreConfig result = null;
        for (OnlineStoreType<?> type : TYPES.values()) {
            OnlineSettingValues values = new OnlineSettingValues(type, props, origin, datasources, errors);
            if (type == chosen) {
                result = type.config().apply(values);
            } else {
                type.settings().stream().filter(values::isSet).forEach(values::get);
            }
        }
        if (result == null) {
            List<DefinitionError> ignored = new ArrayList<>();
            OnlineStoreType<?> fallback = TYPES.get(DEFAULT_TYPE);
            result = fallback.config().apply(new OnlineSettingValues(fallback, new Properties(), origin, datasources,
                    ignored));
        }
        return result;
    }

    private static void unknownKeys(Properties props, String origin, List<DefinitionError> errors) {
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (!key.startsWith(PREFIX) || key.equals(TYPE_PROPERTY)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            OnlineStoreType<?> type = dot < 0 ? null : TYPES.get(rest.substring(0, dot));
            if (type == null) {
                errors.add(new DefinitionError(origin, 0, key, "unknown property", TYPE_PROPERTY + " or "
                        + PREFIX + "<" + String.join("|", TYPES.keySet()) + ">.<setting>"));
                continue;
            }
            String name = rest.substring(dot + 1);
            if (type.settings().stream().noneMatch(s -> s.name().equals(name))) {
                errors.add(new DefinitionError(origin, 0, key, "unknown property", type.settings().isEmpty()
                        ? "no " + PREFIX + type.name() + ".* setting (the type has none)"
                        : "one of " + String.join(", ", type.settings().stream()
                                .map(s -> PREFIX + type.name() + "." + s.name()).toList())));
            }
        }
    }

    /** Opens the store a config describes. */
    public static OnlineStore open(OnlineStoreConfig config, OnlineStoreContext context) {
        OnlineStoreType<?> type = TYPES.get(config.type());
        if (type == null) {
            throw new IllegalArgumentException("no online store type '" + config.type() + "'");
        }
        return type.open(config, context);
    }

    /**
     * Every setting of every type as a Markdown table (property, type, default, required, secret, description), for
     * the README and {@code --help}.
     */
    public static String reference() {
        StringBuilder out = new StringBuilder("| property | type | default | required | secret | description |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        out.append("| `").append(TYPE_PROPERTY).append("` | one of ").append(String.join(", ", TYPES.keySet()))
                .append(" | `").append(DEFAULT_TYPE).append("` | no | no | which online store FStore writes and serves |\n");
        for (OnlineStoreType<?> type : TYPES.values()) {
            for (OnlineSetting<?> s : type.settings()) {
                out.append("| `").append(PREFIX).append(type.name()).append('.').append(s.name()).append("` | ")
                        .append(s.type()).append(" | ")
                        .append(s.defaultValue() == null ? "" : "`" + s.defaultValue() + "`").append(" | ")
                        .append(s.required() ? "when type=" + type.name() : "no").append(" | ")
                        .append(s.secret() ? "yes" : "no").append(" | ").append(s.description()).append(" |\n");
            }
        }
        return out.toString();
    }
}
