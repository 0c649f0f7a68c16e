package io.fstore.model;

import java.util.Map;
import java.util.Optional;

/**
 * Where a group's values sit in a source record, the same for every source kind (Feast's {@code DataSource} fields).
 * Paths name a record field; for nested documents a dotted path ({@code address.city}).
 *
 * @param entityKey        the field holding the entity key; empty: the entity's key name
 * @param timestamp        the field holding the event time
 * @param timestampUnit    the unit of event times given as epoch numbers; empty: seconds below 1e11, else millis
 * @param createdTimestamp an optional field holding when the source created the record: among records of one chunk
 *                         with the same entity and event time, the latest created wins
 * @param featureFields    feature name -> source field, for the features whose field is not named like them
 */
public record FieldMapping(Optional<String> entityKey, String timestamp, Optional<TimestampUnit> timestampUnit,
                           Optional<String> createdTimestamp, Map<String, String> featureFields) {

    public FieldMapping {
        featureFields = Map.copyOf(featureFields);
    }

    /** Everything by name; the event time in {@code timestamp}. */
    public static FieldMapping of(String timestamp) {
        return new FieldMapping(Optional.empty(), timestamp, Optional.empty(), Optional.empty(), Map.of());
    }

    /** The source field of a feature. */
    public String fieldOf(Feature feature) {
        return featureFields.getOrDefault(feature.name(), feature.name());
    }

    /** The source field of the entity key. */
    public String entityKeyField(Entity entity) {
        return entityKey.orElse(entity.key());
    }

    /** True when nothing is mapped: the long shape ({@code entity_id, value}) is then allowed. */
    public boolean byName() {
        return entityKey.isEmpty() && featureFields.isEmpty();
    }
}
