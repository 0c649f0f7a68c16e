package io.fstore.serving;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;

/**
 * Answers "the latest features of these entities" from the online store, as JSON-ready maps: every declared feature
 * appears with its type, value, event time and a status (present or missing). A value whose event time is more than
 * the group's ttl before now is missing, exactly as if it had never been written (the {@link OnlineStore} ttl rule):
 * Redis deletes such values, the other stores keep them, and every store answers the same.
 */
public final class OnlineLookup {

    private static final int MAX_CACHED_SHAPES = 1_000;
    private final FeatureGroups groups;
    private final OnlineStore store;
    private final Clock clock;
    private final int maxEntities;
    private final Map<List<String>, FeatureRefs> resolved = new ConcurrentHashMap<>();

    public OnlineLookup(FeatureGroups groups, OnlineStore store, Clock clock, int maxEntities) {
        this.groups = groups;
        this.store = store;
        this.clock = clock;
        this.maxEntities = maxEntities;
    }

    public Map<String, Object> one(String groupName, String entityId) {
        FeatureGroup group = group(groupName);
        Map<String, Object> result = lookup(group, List.of(entityId)).get(0);
        if ("missing".equals(result.get("status"))) {
            throw new ApiException(404, "entity_not_found", "entity_id", "no " + group.entity().name() + " '"
                    + entityId + "' has values in feature group '" + groupName + "'");
        }
        return result;
    }

    public Map<String, Object> many(String groupName, List<String> entityIds) {
        FeatureGroup group = group(groupName);
        if (entityIds.isEmpty()) {
            throw new ApiException(400, "missing_parameter", group.entity().key(),
                    "give one or more entity ids, e.g. ?" + group.entity().key() + "=c1,c2");
        }
        if (entityIds.size() > maxEntities) {
            throw new ApiException(413, "too_many_entities", group.entity().key(), entityIds.size()
                    + " entities requested; at most " + maxEntities + " per request (fstore.api.max-entities)");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("feature_group", group.name());
        result.put("results", lookup(group, entityIds));
        return result;
    }

    /**
     * Many entities x features of one or more groups keyed by the same entity, in Feast's column layout: feature
     * names once, then per feature one array of values, statuses and event times across the entities. Each group is
     * read once for all entities; feature references are resolved once per distinct feature list (the request
     * "shape") and cached. The answer is streamed as JSON without building a tree of maps.
     */
    public void batch(String entityKey, List<String> entityIds, List<String> featureRefs, JsonGenerator out)
            throws IOException {
        FeatureRefs refs = resolved.get(featureRefs);
        if (refs == null) {
            refs = FeatureRefs.resolve(groups, featureRefs);
            if (resolved.size() < MAX_CACHED_SHAPES) {
                resolved.put(List.copyOf(featureRefs), refs);
            }
        }
        String field = "entities." + entityKey;
        if (!refs.entityKey().equals(entityKey)) {
            throw new ApiException(400, "wrong_entity_key", "entities", "the features are keyed by "
                    + refs.entityKey() + ", not " + entityKey);
        }
        if (entityIds.isEmpty()) {
            throw new ApiException(400, "missing_entities", field, "give one or more " + entityKey + " values");
        }
        if (entityIds.size() > maxEntities) {
            throw new ApiException(413, "too_many_entities", field, entityIds.size()
                    + " entities requested; at most " + maxEntities + " per request (fstore.api.max-entities)");
        }
        Map<FeatureGroup, List<Map<String, StoredValue>>> stored = new LinkedHashMap<>();
        refs.byGroup().forEach((group, features) ->
                stored.put(group, store.read(group.name(), entityIds, features.stream().map(Feature::name).toList())));
        Instant now = clock.instant();
        Map<Instant, String> times = new HashMap<>(); // rows of one entity share an event time: format it once
        out.writeStartObject();
        out.writeObjectFieldStart("metadata");
        out.writeArrayFieldStart("feature_names");
        out.writeString(entityKey);
        for (String ref : refs.refs()) {
            out.writeString(ref);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeArrayFieldStart("results");
        out.writeStartObject();
        out.writeArrayFieldStart("values");
        for (String id : entityIds) {
            out.writeString(id);
        }
        out.writeEndArray();
        out.writeEndObject();
        for (FeatureRefs.Column column : refs.columns()) {
            writeColumn(out, column.feature(), stored.get(column.group()), oldest(column.group().ttl(), now), times);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeColumn(JsonGenerator out, Feature f, List<Map<String, StoredValue>> values,
                                    Instant oldest, Map<Instant, String> times) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", f.type().yamlName());
        out.writeArrayFieldStart("values");
        for (Map<String, StoredValue> entity : values) {
            StoredValue v = live(entity.get(f.name()), oldest);
            writeValue(out, v == null ? null : v.value(), times);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("statuses");
        for (Map<String, StoredValue> entity : values) {
            out.writeString(live(entity.get(f.name()), oldest) == null ? "missing" : "present");
        }
        out.writeEndArray();
        out.writeArrayFieldStart("event_timestamps");
        for (Map<String, StoredValue> entity : values) {
            StoredValue v = live(entity.get(f.name()), oldest);
            if (v == null) {
                out.writeNull();
            } else {
                out.writeString(times.computeIfAbsent(v.eventTimestamp(), Instant::toString));
            }
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** The value, or null when there is none or it is older than the ttl allows (event time before oldest). */
    private static StoredValue live(StoredValue v, Instant oldest) {
        return v == null || v.eventTimestamp().isBefore(oldest) ? null : v;
    }

    private static Instant oldest(Duration ttl, Instant now) {
        return ttl.isZero() ? Instant.MIN : now.minus(ttl);
    }

    /** Same JSON as {@link #json(Object)}, written directly. */
    private static void writeValue(JsonGenerator out, Object value, Map<Instant, String> times) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof String str) {
            out.writeString(str);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Instant i) {
            out.writeString(times.computeIfAbsent(i, Instant::toString));
        } else {
            out.writeString(((BigDecimal) value).toPlainString());
        }
    }

    private FeatureGroup group(String name) {
        return groups.find(name).orElseThrow(() -> new ApiException(404, "group_not_found", "group",
                "no feature group named '" + name + "'; known groups: "
                        + String.join(", ", groups.all().stream().map(FeatureGroup::name).toList())));
    }

    private List<Map<String, Object>> lookup(FeatureGroup group, List<String> entityIds) {
        List<String> names = group.features().stream().map(Feature::name).toList();
        List<Map<String, StoredValue>> stored = store.read(group.name(), entityIds, names);
        Instant oldest = oldest(group.ttl(), clock.instant());
        List<Map<String, Object>> results = new ArrayList<>(entityIds.size());
        for (int i = 0; i < entityIds.size(); i++) {
            Map<String, StoredValue> values = stored.get(i);
            Map<String, Object> features = new LinkedHashMap<>();
            boolean any = false;
            for (Feature f : group.features()) {
                StoredValue v = live(values.get(f.name()), oldest);
                any |= v != null;
                features.put(f.name(), describe(f, v));
            }
            Map<String, Object> entity = new LinkedHashMap<>();
            entity.put("feature_group", group.name());
            entity.put(group.entity().key(), entityIds.get(i));
            entity.put("status", any ? "present" : "missing");
            entity.put("features", features);
            results.add(entity);
        }
        return results;
    }

    private static Map<String, Object> describe(Feature f, StoredValue v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", f.type().yamlName());
        out.put("status", v == null ? "missing" : "present");
        out.put("value", v == null ? null : json(v.value()));
        out.put("event_timestamp", v == null ? null : v.eventTimestamp().toString());
        return out;
    }

    /** Decimals travel as strings so no client loses digits; timestamps as ISO-8601 UTC. */
    private static Object json(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        return value;
    }
}
