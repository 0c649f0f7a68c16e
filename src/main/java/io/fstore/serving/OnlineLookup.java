package io.fstore.serving;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FloatVector;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Readiness;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;

/**
 * Answers "the latest features of these entities" from the online store: every declared feature appears with its
 * type, value, event time and a status (present or missing). A value whose event time is more than the group's ttl
 * before now is missing, exactly as if it had never been written (the {@link OnlineStore} ttl rule): Redis deletes
 * such values, the other stores keep them, and every store answers the same.
 *
 * <p>Requests are checked before anything is read: unknown groups and features (404), malformed or oversized
 * requests (400, 413), then groups whose first run has not finished (503 {@code warming_up} with Retry-After).
 */
public final class OnlineLookup {

    /** The Retry-After of a group that is warming up: its first run is usually seconds away from done. */
    static final int WARMING_UP_RETRY_SECONDS = 5;

    private final FeatureGroups groups;
    private final FeatureRefs.Index index;
    private final OnlineStore store;
    private final Clock clock;
    private final int maxEntities;
    private final int maxValues;
    private final Readiness readiness;
    /** Doubles written by Schubfach (Jackson's fast writer): the shortest text that reads back as the same double. */
    private final JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    /**
     * @param maxEntities most entities one request may ask for ({@code fstore.api.max-entities})
     * @param maxValues   most entities x features one batch request may ask for
     *                    ({@code fstore.api.max-values-per-request})
     * @param readiness   which groups have finished their first run
     */
    public OnlineLookup(FeatureGroups groups, OnlineStore store, Clock clock, int maxEntities, int maxValues,
                        Readiness readiness) {
        this.groups = groups;
        this.index = FeatureRefs.Index.of(groups.all());
        this.store = store;
        this.clock = clock;
        this.maxEntities = maxEntities;
        this.maxValues = maxValues;
        this.readiness = readiness;
    }

    public Map<String, Object> one(String groupName, String entityId) {
        return toMap(vectorOf(groupName, entityId));
    }

    /** {@link #one} as the JSON bytes of the answer, written straight from the stored values (no map per value). */
    public byte[] oneJson(String groupName, String entityId) {
        Vector vector = vectorOf(groupName, entityId);
        return VectorJson.write(json, out -> VectorJson.vector(out, vector));
    }

    private Vector vectorOf(String groupName, String entityId) {
        FeatureGroup group = group(groupName);
        requireReady(group, "group");
        Vector vector = vectors(group, List.of(entityId)).get(0);
        if (!vector.any()) {
            throw new ApiException(404, "entity_not_found", "entityId", "no " + group.entity().name() + " '"
                    + entityId + "' has values in feature group '" + groupName + "'");
        }
        return vector;
    }

    /** @param idsField the query parameter the ids came in (the group's entity key or entity_id) */
    public Map<String, Object> many(String groupName, List<String> entityIds, String idsField) {
        List<Vector> vectors = vectorsOf(groupName, entityIds, idsField);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("feature_group", group(groupName).name());
        result.put("results", vectors.stream().map(OnlineLookup::toMap).toList());
        return result;
    }

    /** {@link #many} as the JSON bytes of the answer. */
    public byte[] manyJson(String groupName, List<String> entityIds, String idsField) {
        List<Vector> vectors = vectorsOf(groupName, entityIds, idsField);
        String name = group(groupName).name();
        return VectorJson.write(json, out -> VectorJson.vectors(out, name, vectors));
    }

    private List<Vector> vectorsOf(String groupName, List<String> entityIds, String idsField) {
        FeatureGroup group = group(groupName);
        if (entityIds.isEmpty()) {
            throw new ApiException(400, "missing_parameter", idsField, "give one or more entity ids, e.g. ?"
                    + group.entity().key() + "=c1,c2 or ?entity_id=c1,c2 (up to " + maxEntities
                    + ", fstore.api.max-entities, while the request line stays within fstore.http.max-request-line; "
                    + "POST /features/online takes ids in its body)");
        }
        if (entityIds.size() > maxEntities) {
            throw new ApiException(413, "too_many_entities", idsField, entityIds.size()
                    + " entities requested; at most " + maxEntities + " per request (fstore.api.max-entities)");
        }
        requireReady(group, "group");
        return vectors(group, entityIds);
    }

    /**
     * Many entities x features of one or more groups keyed by the same entity. Each group is read once for all
     * entities; the JSON answer is written while it is sent ({@link BatchAnswer}).
     *
     * @return the answer: bytes when small, else a stream that writes it chunk by chunk
     */
    public Object batch(String entityKey, List<String> entityIds, List<String> featureRefs) {
        String field = "entities." + entityKey;
        if (entityIds.isEmpty()) {
            throw new ApiException(400, "missing_entities", field, "give one or more " + entityKey + " values");
        }
        if (entityIds.size() > maxEntities) {
            throw new ApiException(413, "too_many_entities", field, entityIds.size()
                    + " entities requested; at most " + maxEntities + " per request (fstore.api.max-entities)");
        }
        long values = (long) entityIds.size() * featureRefs.size();
        if (values > maxValues) {
            throw new ApiException(413, "too_many_values", "features", entityIds.size() + " entities x "
                    + featureRefs.size() + " features = " + values + " values requested; at most " + maxValues
                    + " per request (fstore.api.max-values-per-request): split the request");
        }
        FeatureRefs refs = FeatureRefs.resolve(index, featureRefs);
        if (!refs.entityKey().equals(entityKey)) {
            throw new ApiException(400, "wrong_entity_key", "entities", "the features are keyed by "
                    + refs.entityKey() + ", not " + entityKey);
        }
        for (FeatureRefs.GroupRead read : refs.reads().values()) {
            requireReady(read.group(), "features[" + read.firstRef() + "]");
        }
        Map<String, List<Map<String, StoredValue>>> stored = new HashMap<>();
        refs.reads().forEach((name, read) -> stored.put(name, store.read(name, entityIds, read.features())));
        return new BatchAnswer(json, entityKey, entityIds, refs, stored, clock.instant()).body();
    }

    private FeatureGroup group(String name) {
        FeatureGroup group = index.groups().get(name);
        if (group == null) {
            throw ApiException.groupNotFound(name, groups);
        }
        return group;
    }

    private void requireReady(FeatureGroup group, String field) {
        if (!readiness.isReady(group.name())) {
            throw new ApiException(503, "warming_up", field, "feature group '" + group.name()
                    + "' is loading its first values since FStore started; retry in " + WARMING_UP_RETRY_SECONDS
                    + " s", WARMING_UP_RETRY_SECONDS);
        }
    }

    /**
     * One entity's values as the API serves them: {@code values[i]} is the group's i-th feature's value, null when it
     * has none or its event time is older than the group's ttl allows; {@code any}: at least one is present.
     */
    record Vector(FeatureGroup group, String entityId, StoredValue[] values, boolean any) {
    }

    private List<Vector> vectors(FeatureGroup group, List<String> entityIds) {
        List<String> names = group.features().stream().map(Feature::name).toList();
        List<Map<String, StoredValue>> stored = store.read(group.name(), entityIds, names);
        Instant oldest = BatchAnswer.oldest(group.ttl(), clock.instant());
        List<Vector> vectors = new ArrayList<>(entityIds.size());
        for (int i = 0; i < entityIds.size(); i++) {
            Map<String, StoredValue> values = stored.get(i);
            StoredValue[] live = new StoredValue[names.size()];
            boolean any = false;
            for (int f = 0; f < live.length; f++) {
                StoredValue v = values.get(names.get(f));
                live[f] = v == null || v.eventTimestamp().isBefore(oldest) ? null : v;
                any |= live[f] != null;
            }
            vectors.add(new Vector(group, entityIds.get(i), live, any));
        }
        return vectors;
    }

    private static Map<String, Object> toMap(Vector vector) {
        FeatureGroup group = vector.group();
        Map<String, Object> features = new LinkedHashMap<>();
        for (int f = 0; f < vector.values().length; f++) {
            features.put(group.features().get(f).name(), describe(group.features().get(f), vector.values()[f]));
        }
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("feature_group", group.name());
        entity.put(group.entity().key(), vector.entityId());
        entity.put("status", vector.any() ? "present" : "missing");
        entity.put("features", features);
        return entity;
    }

    private static Map<String, Object> describe(Feature f, StoredValue v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", f.type().yamlName());
        out.put("status", v == null ? "missing" : "present");
        out.put("value", v == null ? null : json(v.value()));
        out.put("event_timestamp", v == null ? null : v.eventTimestamp().toString());
        return out;
    }

    /**
     * Decimals travel as strings so no client loses digits; timestamps as ISO-8601 UTC; lists as they are (arrays of
     * their elements), vectors as arrays of floats.
     */
    private static Object json(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof FloatVector v) {
            return v.values();
        }
        return value;
    }
}
