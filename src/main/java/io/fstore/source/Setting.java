package io.fstore.source;

/**
 * One declared setting of a connection kind ({@code fstore.connection.<name>.<setting>}), Kafka Connect's
 * {@code ConfigDef} in small: declared once with its type, default, whether it is required or secret, and what it is.
 *
 * @param defaultValue the value when the setting is not given; null for none
 * @param secret       never logged or echoed in an error (give it through {@code {{env:NAME}}})
 */
public record Setting(String name, Type type, String defaultValue, boolean required, boolean secret,
                      String description) {

    public enum Type { STRING, INT }

    public static Setting required(String name, String description) {
        return new Setting(name, Type.STRING, null, true, false, description);
    }

    public static Setting requiredSecret(String name, String description) {
        return new Setting(name, Type.STRING, null, true, true, description);
    }

    public static Setting optional(String name, String defaultValue, String description) {
        return new Setting(name, Type.STRING, defaultValue, false, false, description);
    }

    public static Setting secret(String name, String description) {
        return new Setting(name, Type.STRING, "", false, true, description);
    }

    public static Setting integer(String name, int defaultValue, String description) {
        return new Setting(name, Type.INT, String.valueOf(defaultValue), false, false, description);
    }
}
