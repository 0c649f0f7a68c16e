package io.fstore.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The declared type of a feature. Names are what a user writes in a feature group definition.
 * <p>
 * Java values, as the normalizer produces them and every store and answer takes them: {@code long} a {@link Long},
 * {@code double} a {@link Double}, {@code string} a {@link String}, {@code bool} a {@link Boolean}, {@code timestamp}
 * an {@link java.time.Instant}, {@code decimal} a {@link java.math.BigDecimal}; the list types an unmodifiable
 * {@link java.util.List} of their element type's values with no null element (an empty list is a value, null is the
 * missing value); {@code vector} a {@link FloatVector} of exactly the feature's {@code dimension}.
 */
public enum ValueType {
    LONG("long", null),
    DOUBLE("double", null),
    STRING("string", null),
    BOOL("bool", null),
    TIMESTAMP("timestamp", null),
    DECIMAL("decimal", null),
    LIST_LONG("list<long>", LONG),
    LIST_DOUBLE("list<double>", DOUBLE),
    LIST_STRING("list<string>", STRING),
    LIST_BOOL("list<bool>", BOOL),
    VECTOR("vector", null);

    private final String yamlName;
    private final ValueType element;

    ValueType(String yamlName, ValueType element) {
        this.yamlName = yamlName;
        this.element = element;
    }

    public String yamlName() {
        return yamlName;
    }

    /** True for the {@code list<...>} types. */
    public boolean isList() {
        return element != null;
    }

    /** The element type of a {@code list<...>} type. */
    public ValueType element() {
        if (element == null) {
            throw new IllegalStateException(yamlName + " is not a list type");
        }
        return element;
    }

    /** True for the types whose values are several numbers or texts (the list types and vector). */
    public boolean isArray() {
        return element != null || this == VECTOR;
    }

    public static Optional<ValueType> fromYaml(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(ValueType::yamlName).collect(Collectors.joining(", "));
    }
}
