package io.fstore.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fstore.definition.DefinitionError;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.Setting;
import io.fstore.source.SourceKind;
import io.fstore.source.SourceKinds;

/**
 * Reads the named connections: {@code fstore.connection.<name>.kind = jdbc|mongodb|...} plus that kind's declared
 * settings, and the older {@code fstore.datasource.<name>.*} (jdbc connections, still accepted). Every problem names
 * the property and says what to write.
 */
final class ConnectionProperties {

    static final Pattern CONNECTION_KEY = Pattern.compile("fstore\\.connection\\.([^.]+)\\.(.+)");
    static final Pattern DATASOURCE_KEY = Pattern.compile("fstore\\.datasource\\.([^.]+)\\.(.+)");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private ConnectionProperties() {
    }

    static Map<String, ConnectionSettings> read(Properties props, String origin, List<DefinitionError> errors) {
        Map<String, Map<String, String>> given = new TreeMap<>();
        Map<String, String> prefixOf = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            for (Pattern p : List.of(CONNECTION_KEY, DATASOURCE_KEY)) {
                Matcher m = p.matcher(key);
                if (!m.matches()) {
                    continue;
                }
                String name = m.group(1);
                String prefix = p == CONNECTION_KEY ? "fstore.connection." : "fstore.datasource.";
                String other = prefixOf.putIfAbsent(name, prefix);
                if (other != null && !other.equals(prefix)) {
                    errors.add(new DefinitionError(origin, 0, key, "connection '" + name + "' is also configured as "
                            + other + name + ".*", "one of the two: fstore.connection." + name + ".* (preferred)"));
                    continue;
                }
                given.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(m.group(2), props.getProperty(key).trim());
            }
        }
        Map<String, ConnectionSettings> result = new TreeMap<>();
        given.forEach((name, values) -> connection(name, prefixOf.get(name), values, origin, errors)
                .ifPresent(c -> result.put(name, c)));
        return result;
    }

    private static Optional<ConnectionSettings> connection(String name, String prefix, Map<String, String> values,
                                                           String origin, List<DefinitionError> errors) {
        String base = prefix + name + ".";
        if (!NAME.matcher(name).matches()) {
            errors.add(new DefinitionError(origin, 0, base + "*", "'" + name + "' is not a valid connection name",
                    "lower-case letters, digits and _, starting with a letter or _"));
            return Optional.empty();
        }
        boolean legacy = prefix.equals("fstore.datasource.");
        String kindName = legacy ? "jdbc" : values.getOrDefault("kind", "");
        Optional<SourceKind> kind = SourceKinds.find(kindName);
        if (kind.isEmpty()) {
            errors.add(new DefinitionError(origin, 0, base + "kind", kindName.isEmpty() ? "is missing"
                    : "is '" + kindName + "', an unknown kind", "one of " + String.join(", ", SourceKinds.names())));
            return Optional.empty();
        }
        List<Setting> declared = kind.get().connectionSettings();
        int before = errors.size();
        Map<String, String> checked = new HashMap<>();
        values.forEach((key, value) -> {
            if (key.equals("kind") && !legacy) {
                return;
            }
            Optional<Setting> setting = declared.stream().filter(s -> s.name().equals(key)).findFirst();
            if (setting.isEmpty()) {
                errors.add(new DefinitionError(origin, 0, base + key, "is not a setting of a " + kindName
                        + " connection", "one of " + String.join(", ", declared.stream().map(Setting::name).toList())));
            } else if (setting.get().type() == Setting.Type.INT && !value.matches("\\d{1,9}")) {
                errors.add(new DefinitionError(origin, 0, base + key, "is '" + value + "'",
                        "a whole number: " + setting.get().description()));
            } else {
                checked.put(key, value);
            }
        });
        for (Setting s : declared) {
            if (!checked.containsKey(s.name()) && !values.containsKey(s.name())) {
                if (s.required()) {
                    errors.add(new DefinitionError(origin, 0, base + s.name(), "is missing", s.description()));
                } else if (s.defaultValue() != null) {
                    checked.put(s.name(), s.defaultValue());
                }
            }
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        ConnectionSettings connection = new ConnectionSettings(name, kindName, checked, declared, prefix);
        List<DefinitionError> problems = kind.get().check(connection, origin);
        errors.addAll(problems);
        if (problems.isEmpty()) {
            connection = kind.get().complete(connection);
        }
        return problems.isEmpty() ? Optional.of(connection) : Optional.empty();
    }
}
