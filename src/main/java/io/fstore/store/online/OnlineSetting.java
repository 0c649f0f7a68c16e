package io.fstore.store.online;

/**
 * One setting of an online store type, read from {@code fstore.online.<type>.<name>} and declared once: its name,
 * type, default, whether it is required, whether it is secret (its value is never echoed in an error), what it means
 * and what a valid value looks like. The parser turns the (trimmed, non-empty) text into the typed value or throws
 * {@link IllegalArgumentException} saying what is wrong, without repeating the value.
 *
 * @param defaultValue the value when the property is absent; null when there is none (optional or required)
 * @param expected     what to write instead, for errors: "a whole number from 8 to 65536"
 */
public record OnlineSetting<T>(String name, String type, T defaultValue, boolean required, boolean secret,
                               String description, String expected, Parser<T> parser) {

    /** Text to typed value; throws {@link IllegalArgumentException} (a reason, never the text) when it is not valid. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    public OnlineSetting {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("setting names are lower-case words joined by '-': " + name);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("a required setting has no default: " + name);
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public static OnlineSetting<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new OnlineSetting<>(name, "integer", defaultValue, false, false, description,
                "a whole number from " + min + " to " + max, text -> {
                    int n;
                    try {
                        n = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("not a whole number");
                    }
                    if (n < min || n > max) {
                        throw new IllegalArgumentException("out of range");
                    }
                    return n;
                });
    }
}
