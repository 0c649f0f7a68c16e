package io.fstore.model;

/** What a feature group describes (e.g. {@code customer}) and the column that identifies one. */
public record Entity(String name, String key) {
}
