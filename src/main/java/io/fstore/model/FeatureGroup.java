package io.fstore.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    public Optional<Feature> feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
    }

    public int indexOf(String featureName) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(featureName)) {
                return i;
            }
        }
        return -1;
    }
}
