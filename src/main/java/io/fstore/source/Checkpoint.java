package io.fstore.source;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a group's source resumes: opaque to the pipeline, which only stores it (in {@code data/state/<group>.json})
 * and hands it back to the group's source kind at the next run (a SQL cursor value, a MongoDB field value, later
 * object keys and ETags or Kafka offsets).
 *
 * <p>Contract, for every kind: a checkpoint is committed only after every sink holds every record up to it; a crash
 * re-reads records, it never skips one.
 */
public record Checkpoint(Map<String, String> values) {

    public Checkpoint {
        values = Map.copyOf(values);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Checkpoint fromJson(Map<String, String> values) {
        return new Checkpoint(values);
    }

    @JsonValue
    public Map<String, String> values() {
        return values;
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The values sorted by key (the same text each time), e.g. {@code {field=ts, type=timestamp, value=...}}. */
    @Override
    public String toString() {
        return new java.util.TreeMap<>(values).toString();
    }
}
