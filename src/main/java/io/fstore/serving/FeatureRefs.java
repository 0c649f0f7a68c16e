package io.fstore.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;

/**
 * A request's {@code group:feature} references resolved against the registry: which groups to read (each once, each
 * feature once), the columns of the answer in request order, and the entity key they share. Resolving is a few hash
 * lookups per reference, so nothing is cached: a request leaves nothing of itself behind.
 */
record FeatureRefs(String entityKey, List<String> refs, Map<String, GroupRead> reads, List<Column> columns) {

    /** One group to read: its distinct requested features, and the index of its first reference (for errors). */
    record GroupRead(FeatureGroup group, List<String> features, int firstRef) {
    }

    /** One requested feature, in request order. */
    record Column(FeatureGroup group, Feature feature) {
    }

    /** The registry as resolving needs it: groups by name, and each group's features by name. */
    record Index(Map<String, FeatureGroup> groups, Map<String, Map<String, Feature>> features) {

        static Index of(List<FeatureGroup> groups) {
            Map<String, FeatureGroup> byName = new LinkedHashMap<>();
            Map<String, Map<String, Feature>> features = new LinkedHashMap<>();
            for (FeatureGroup g : groups) {
                byName.put(g.name(), g);
                Map<String, Feature> f = new LinkedHashMap<>();
                g.features().forEach(feature -> f.put(feature.name(), feature));
                features.put(g.name(), Map.copyOf(f));
            }
            return new Index(Map.copyOf(byName), Map.copyOf(features));
        }
    }

    static FeatureRefs resolve(Index index, List<String> refs) {
        if (refs.isEmpty()) {
            throw new ApiException(400, "missing_features", "features",
                    "give one or more features as \"<group>:<feature>\", e.g. \"customer_metrics:orders\"");
        }
        Map<String, Set<String>> names = new LinkedHashMap<>();
        Map<String, Integer> firstRef = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>(refs.size());
        String entityKey = null;
        for (int i = 0; i < refs.size(); i++) {
            String ref = refs.get(i);
            String field = "features[" + i + "]";
            int colon = ref.indexOf(':');
            if (colon <= 0 || colon == ref.length() - 1) {
                throw new ApiException(400, "bad_feature_reference", field,
                        "'" + ref + "' is not \"<group>:<feature>\"");
            }
            String groupName = ref.substring(0, colon);
            String featureName = ref.substring(colon + 1);
            FeatureGroup group = index.groups().get(groupName);
            if (group == null) {
                throw new ApiException(404, "group_not_found", field, "no feature group named '" + groupName + "'");
            }
            Map<String, Feature> features = index.features().get(groupName);
            Feature feature = features.get(featureName);
            if (feature == null) {
                throw new ApiException(404, "feature_not_found", field, "feature group '" + groupName
                        + "' has no feature '" + featureName + "'; it has " + String.join(", ",
                        group.features().stream().map(Feature::name).toList()));
            }
            if (entityKey != null && !entityKey.equals(group.entity().key())) {
                throw new ApiException(400, "mixed_entities", field, "'" + groupName + "' is keyed by "
                        + group.entity().key() + ", the features before it by " + entityKey
                        + "; one request serves one entity");
            }
            entityKey = group.entity().key();
            names.computeIfAbsent(groupName, g -> new LinkedHashSet<>()).add(featureName);
            firstRef.putIfAbsent(groupName, i);
            columns.add(new Column(group, feature));
        }
        Map<String, GroupRead> reads = new LinkedHashMap<>();
        names.forEach((group, features) -> reads.put(group,
                new GroupRead(index.groups().get(group), List.copyOf(features), firstRef.get(group))));
        return new FeatureRefs(entityKey, refs, reads, columns);
    }
}
