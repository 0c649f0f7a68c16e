package io.fstore.model;

import java.time.Duration;
import java.util.List;

/**
 * A validated feature group definition: one entity, one source, a schedule and typed features.
 *
 * @param ttl       how long a value stays servable after its event time; {@link Duration#ZERO} means forever
 * @param runPolicy run lease, source timeout and quarantine limit
 */
public record FeatureGroup(String name, String description, Entity entity, SourceSpec source, Trigger trigger,
                           boolean runOnStart, Duration ttl, List<Feature> features, RunPolicy runPolicy) {

    public FeatureGroup {
        features = List.copyOf(features);
    }

    /** A group with the {@link RunPolicy#DEFAULT} run policy. */
    public FeatureGroup(String name, String description, Entity entity, SourceSpec source, Trigger trigger,
                        boolean runOnStart, Duration ttl, List<Feature> features) {
        this(name, description, entity, source, trigger, runOnStart, ttl, features, RunPolicy.DEFAULT);
    }
}
