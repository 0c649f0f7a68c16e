package io.fstore.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The declared type of a feature. Names are what a user writes in a feature group definition. */
public enum ValueType {
    LONG, DOUBLE, STRING, BOOL, TIMESTAMP, DECIMAL;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ValueType> fromYaml(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(name)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(ValueType::yamlName).collect(Collectors.joining(", "));
    }
}
