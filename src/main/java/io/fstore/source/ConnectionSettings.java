package io.fstore.source;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One named connection ({@code fstore.connection.<name>.*}) of one source kind, validated against that kind's
 * declared {@link Setting}s: every declared setting has a value (its default when not given).
 */
public record ConnectionSettings(String name, String kind, Map<String, String> values,
                                 java.util.List<Setting> declared, String prefix) {

    public ConnectionSettings {
        values = Map.copyOf(values);
        declared = java.util.List.copyOf(declared);
    }

    /** A connection configured as {@code fstore.connection.<name>.*}. */
    public ConnectionSettings(String name, String kind, Map<String, String> values, java.util.List<Setting> declared) {
        this(name, kind, values, declared, "fstore.connection.");
    }

    public String get(String setting) {
        String value = values.get(setting);
        if (value == null && declared.stream().noneMatch(s -> s.name().equals(setting))) {
            throw new IllegalArgumentException("connection kind " + kind + " declares no setting " + setting);
        }
        return value == null ? "" : value;
    }

    public int getInt(String setting) {
        return Integer.parseInt(get(setting));
    }

    /** The property name of one of its settings. */
    public String property(String setting) {
        return prefix + name + "." + setting;
    }

    /** Its settings as properties for the route templates' placeholders, secrets left out. */
    public Map<String, String> placeholders() {
        return declared.stream().filter(d -> !d.secret())
                .collect(Collectors.toMap(d -> property(d.name()), d -> get(d.name())));
    }

    @Override
    public String toString() { // never a secret
        return "ConnectionSettings[" + name + ", kind=" + kind + ", " + values.entrySet().stream()
                .filter(e -> declared.stream().noneMatch(s -> s.secret() && s.name().equals(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + "]";
    }
}
