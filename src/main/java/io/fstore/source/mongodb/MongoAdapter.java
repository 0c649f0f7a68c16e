package io.fstore.source.mongodb;

import java.io.Closeable;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoIterable;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FieldMapping;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.source.Checkpoint;
import io.fstore.source.CheckpointTracker;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceRequest;
import io.fstore.source.cursor.CursorValue;
import io.fstore.source.cursor.OrderedCursor;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A MongoDB find or aggregate as a source: the request is narrowed to documents past the checkpoint and ordered by
 * the incremental field ({@link MongoRequest}); the reply's cursor is read batch by batch and each document flattened
 * to the dotted paths the group reads ({@link MongoDocuments}).
 */
final class MongoAdapter implements SourceAdapter {

    /** The cursor batch size of groups that set none. */
    static final int DEFAULT_BATCH_SIZE = 10_000;

    private final FeatureGroup group;
    private final MongoSourceSpec spec;
    private final Set<String> readPaths;
    private final MongoDocuments.Flattener flattener;

    MongoAdapter(FeatureGroup group, MongoSourceSpec spec) {
        this.group = group;
        this.spec = spec;
        FieldMapping fields = group.source().fields();
        Set<String> paths = new LinkedHashSet<>();
        paths.add(fields.entityKeyField(group.entity()));
        paths.add(fields.timestamp());
        fields.createdTimestamp().ifPresent(paths::add);
        group.source().incrementalColumn().ifPresent(paths::add);
        for (Feature f : group.features()) {
            paths.add(fields.fieldOf(f));
        }
        if (fields.byName() && group.features().size() == 1) { // the long shape: entity_id, value, timestamp
            paths.add(FeatureNormalizer.LONG_ENTITY_COLUMN);
            paths.add(FeatureNormalizer.LONG_VALUE_COLUMN);
        }
        this.readPaths = Set.copyOf(paths);
        this.flattener = MongoDocuments.forPaths(paths);
    }

    @Override
    public Optional<Checkpoint> resumeFrom(Optional<Checkpoint> saved) {
        return group.source().incrementalColumn()
                .flatMap(field -> CursorValue.from(saved, field)).map(CursorValue::toCheckpoint);
    }

    @Override
    public SourceRequest request(Optional<Checkpoint> checkpoint) {
        Optional<String> field = group.source().incrementalColumn();
        Optional<Object> after = field.flatMap(f -> CursorValue.from(checkpoint, f))
                .map(c -> c.type().equals("objectid") ? new ObjectId(c.value()) : c.typedValue());
        MongoRequest request = MongoRequest.of(spec, field, after, readPaths, DEFAULT_BATCH_SIZE);
        return new SourceRequest(request.body(), request.headers());
    }

    @Override
    public Iterator<Map<String, Object>> records(Object body) {
        if (!(body instanceof MongoIterable<?> iterable)) {
            throw new IllegalStateException("camel-mongodb answered " + (body == null ? "nothing" : body.getClass())
                    + ", not a cursor: the route must use outputType=MongoIterable");
        }
        @SuppressWarnings("unchecked")
        MongoCursor<Document> cursor = ((MongoIterable<Document>) iterable).iterator();
        return new Records(cursor, flattener, group.source().incrementalColumn().orElse(null));
    }

    @Override
    public CheckpointTracker tracker(Optional<Checkpoint> start) {
        return group.source().incrementalColumn()
                .<CheckpointTracker>map(field -> new OrderedCursor(field, start)).orElse(CheckpointTracker.NONE);
    }

    /**
     * The documents of a cursor as flat records; closing it releases the server-side cursor. An ObjectId in the
     * incremental field stays an ObjectId (its hex text would compare with nothing in MongoDB); as a feature or key
     * it reads as its hex text all the same.
     */
    private record Records(MongoCursor<Document> cursor, MongoDocuments.Flattener flattener, String incremental)
            implements Iterator<Map<String, Object>>, Closeable {

        @Override
        public boolean hasNext() {
            return cursor.hasNext();
        }

        @Override
        public Map<String, Object> next() {
            Document document = cursor.next();
            Map<String, Object> record = flattener.flatten(document);
            if (incremental != null && rawAt(document, incremental) instanceof ObjectId id) {
                record.put(incremental, id);
            }
            return record;
        }

        private static Object rawAt(Document document, String path) {
            Object at = document;
            for (String part : path.split("\\.")) {
                if (!(at instanceof Document d)) {
                    return null;
                }
                at = d.get(part);
            }
            return at;
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
