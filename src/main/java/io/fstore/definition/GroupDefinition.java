package io.fstore.definition;

import java.util.Map;

import io.fstore.model.FeatureGroup;

/**
 * A loaded feature group with where it was written: its file and the line of each field a later check may report on
 * (the source schema check names {@code source.query}, {@code source.timestamp}, {@code features[i].type} ...).
 */
public record GroupDefinition(FeatureGroup group, String file, Map<String, Integer> lines) {

    public GroupDefinition {
        lines = Map.copyOf(lines);
    }

    /** The line of a field, or 1 (the top of the file) for a field that was not written. */
    public int line(String field) {
        return lines.getOrDefault(field, 1);
    }

    /** An error about one field of this definition, in the format of every other definition error. */
    public DefinitionError error(String field, String problem, String expected) {
        return new DefinitionError(file, line(field), field, problem, expected);
    }
}
