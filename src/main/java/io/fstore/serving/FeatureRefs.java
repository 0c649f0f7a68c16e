package io.fstore.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;

/**
 * A request's {@code group:feature} references resolved against the registry: which groups to read, which features
 * of each, and the entity key they share. Resolved once per distinct feature list and cached by {@link OnlineLookup}.
 */
record FeatureRefs(String entityKey, List<String> refs, Map<FeatureGroup, List<Feature>> byGroup,
                   List<Column> columns) {

    /** One requested feature, in request order. */
    record Column(FeatureGroup group, Feature feature) {
    }

    static FeatureRefs resolve(FeatureGroups groups, List<String> refs) {
        if (refs.isEmpty()) {
            throw new ApiException(400, "missing_features", "features",
                    "give one or more features as \"<group>:<feature>\", e.g. \"customer_metrics:orders\"");
        }
        Map<FeatureGroup, List<Feature>> byGroup = new LinkedHashMap<>();
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
            FeatureGroup group = groups.find(groupName).orElseThrow(() -> new ApiException(404, "group_not_found",
                    field, "no feature group named '" + groupName + "'"));
            Feature feature = group.features().stream().filter(f -> f.name().equals(featureName)).findFirst()
                    .orElseThrow(() -> new ApiException(404, "feature_not_found", field, "feature group '" + groupName
                            + "' has no feature '" + featureName + "'; it has " + String.join(", ",
                            group.features().stream().map(Feature::name).toList())));
            if (entityKey != null && !entityKey.equals(group.entity().key())) {
                throw new ApiException(400, "mixed_entities", field, "'" + groupName + "' is keyed by "
                        + group.entity().key() + ", the features before it by " + entityKey
                        + "; one request serves one entity");
            }
            entityKey = group.entity().key();
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(feature);
            columns.add(new Column(group, feature));
        }
        return new FeatureRefs(entityKey, List.copyOf(refs), byGroup, List.copyOf(columns));
    }
}
