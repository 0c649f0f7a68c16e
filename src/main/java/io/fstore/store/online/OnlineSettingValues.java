package io.fstore.store.online;

import java.util.List;
import java.util.Properties;
import java.util.Set;

import io.fstore.definition.DefinitionError;

/**
 * The {@code fstore.online.<type>.*} properties of one store type as read at startup: {@link #get} parses a declared
 * setting, and every problem (missing, empty, not valid) becomes an error that names the property.
 */
public final class OnlineSettingValues {

    private final OnlineStoreType<?> type;
    private final Properties props;
    private final String origin;
    private final Set<String> datasources;
    private final List<DefinitionError> errors;

    OnlineSettingValues(OnlineStoreType<?> type, Properties props, String origin, Set<String> datasources,
                        List<DefinitionError> errors) {
        this.type = type;
        this.props = props;
        this.origin = origin;
        this.datasources = datasources;
        this.errors = errors;
    }

    /** The full property name of a setting of this type: {@code fstore.online.redis.url}. */
    public String property(OnlineSetting<?> setting) {
        return OnlineStoreTypes.PREFIX + type.name() + "." + setting.name();
    }

    boolean isSet(OnlineSetting<?> setting) {
        return props.getProperty(property(setting)) != null;
    }

    /** The setting's value, its default when absent; on a problem, records an error and returns the default. */
    public <T> T get(OnlineSetting<T> setting) {
        String raw = props.getProperty(property(setting));
        if (raw == null) {
            if (setting.required()) {
                error(setting, "is missing", setting.expected() + " (required when " + OnlineStoreTypes.TYPE_PROPERTY
                        + "=" + type.name() + ")");
            }
            return setting.defaultValue();
        }
        String text = raw.trim();
        if (text.isEmpty()) {
            error(setting, "is empty", setting.expected());
            return setting.defaultValue();
        }
        try {
            return setting.parser().parse(text);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "is not valid" : e.getMessage();
            error(setting, setting.secret() ? reason + " (the value is secret, not shown)"
                    : "is '" + text + "': " + reason, setting.expected());
            return setting.defaultValue();
        }
    }

    /** Names of the configured jdbc connections (and {@code fstore.datasource.<name>}), for settings naming one. */
    public Set<String> datasources() {
        return datasources;
    }

    /** Records a problem with a setting's value found after parsing (e.g. a reference to nothing). */
    public void error(OnlineSetting<?> setting, String problem, String expected) {
        errors.add(new DefinitionError(origin, 0, property(setting), problem, expected));
    }
}
