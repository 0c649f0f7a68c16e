package io.fstore.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.FeatureNormalizer;

/** The loaded, validated feature groups by name, each with its normalizer. */
public final class FeatureGroups {

    private final Map<String, FeatureGroup> groups = new LinkedHashMap<>();
    private final Map<String, FeatureNormalizer> normalizers = new LinkedHashMap<>();

    public FeatureGroups(List<FeatureGroup> groups) {
        for (FeatureGroup g : groups) {
            this.groups.put(g.name(), g);
            this.normalizers.put(g.name(), new FeatureNormalizer(g));
        }
    }

    public Optional<FeatureGroup> find(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public FeatureGroup get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown feature group " + name));
    }

    public FeatureNormalizer normalizer(String name) {
        return normalizers.get(name);
    }

    public List<FeatureGroup> all() {
        return List.copyOf(groups.values());
    }
}
