package io.fstore.model;

/**
 * One feature of a group. {@code precision}/{@code scale} only matter for {@link ValueType#DECIMAL}.
 */
public record Feature(String name, ValueType type, String description, int precision, int scale) {

    public static final int DEFAULT_DECIMAL_PRECISION = 38;
    public static final int DEFAULT_DECIMAL_SCALE = 9;

    public static Feature of(String name, ValueType type) {
        return new Feature(name, type, "", DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE);
    }
}
