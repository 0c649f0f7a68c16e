package io.fstore.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceKinds;

/** The loaded, validated feature groups by name, each with its normalizer and its source kind's adapter. */
public final class FeatureGroups {

    private final Map<String, FeatureGroup> groups = new LinkedHashMap<>();
    private final Map<String, FeatureNormalizer> normalizers = new LinkedHashMap<>();
    private final Map<String, SourceAdapter> adapters = new LinkedHashMap<>();

    public FeatureGroups(List<FeatureGroup> groups) {
        for (FeatureGroup g : groups) {
            this.groups.put(g.name(), g);
            this.normalizers.put(g.name(), new FeatureNormalizer(g));
            this.adapters.put(g.name(), SourceKinds.get(g.source().kind()).adapter(g));
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

    public SourceAdapter adapter(String name) {
        return adapters.get(name);
    }

    public List<FeatureGroup> all() {
        return List.copyOf(groups.values());
    }
}
