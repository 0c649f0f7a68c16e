package io.fstore.model;

/**
 * One feature of a group. {@code precision}/{@code scale} only matter for {@link ValueType#DECIMAL}, {@code dimension}
 * (the number of floats, at least 1) only for {@link ValueType#VECTOR}, where it is required; 0 for other types.
 */
public record Feature(String name, ValueType type, String description, int precision, int scale, int dimension) {

    public static final int DEFAULT_DECIMAL_PRECISION = 38;
    public static final int DEFAULT_DECIMAL_SCALE = 9;
    public static final int MAX_DIMENSION = 65_536;

    public Feature(String name, ValueType type, String description, int precision, int scale) {
        this(name, type, description, precision, scale, 0);
    }

    public static Feature of(String name, ValueType type) {
        return new Feature(name, type, "", DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE);
    }

    public static Feature vector(String name, int dimension) {
        return new Feature(name, ValueType.VECTOR, "", DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE, dimension);
    }
}
