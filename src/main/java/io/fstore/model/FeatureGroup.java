package io.fstore.model;

import java.time.Duration;
import java.util.List;

/**
 * A validated feature group definition: one entity, one source, a schedule and typed features.
 *
 * @param ttl       how long a value stays servable after its event time; {@link Duration#ZERO} means forever
 * @param runPolicy run lease, source timeout and quarantine limit
 * @param owner     who to ask about the group (a team or an e-mail address), or empty
 * @param tags      free labels (team: growth), served by the catalog
 */
public record FeatureGroup(String name, String description, Entity entity, SourceSpec source, Trigger trigger,
                           boolean runOnStart, Duration ttl, List<Feature> features, RunPolicy runPolicy,
                           String owner, java.util.Map<String, String> tags) {

    public FeatureGroup {
        features = List.copyOf(features);
        tags = java.util.Map.copyOf(tags);
    }

    /** A group without owner and tags. */
    public FeatureGroup(String name, String description, Entity entity, SourceSpec source, Trigger trigger,
                        boolean runOnStart, Duration ttl, List<Feature> features, RunPolicy runPolicy) {
        this(name, description, entity, source, trigger, runOnStart, ttl, features, runPolicy, "",
                java.util.Map.of());
    }

    /** A group with the {@link RunPolicy#DEFAULT} run policy. */
    public FeatureGroup(String name, String description, Entity entity, SourceSpec source, Trigger trigger,
                        boolean runOnStart, Duration ttl, List<Feature> features) {
        this(name, description, entity, source, trigger, runOnStart, ttl, features, RunPolicy.DEFAULT);
    }
}
