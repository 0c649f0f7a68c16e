package io.fstore.model;

import java.time.Duration;
import java.util.List;

/**
 * A validated feature group definition: one entity, one source, a schedule and typed features.
 *
 * @param ttl how long a value stays servable after its event time; {@link Duration#ZERO} means forever
 */
public record FeatureGroup(String name, String description, Entity entity, SourceSpec source, Trigger trigger,
                           boolean runOnStart, Duration ttl, List<Feature> features) {

    public FeatureGroup {
        features = List.copyOf(features);
    }
}
