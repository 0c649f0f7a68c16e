package io.fstore.source.mongodb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.component.mongodb.MongoDbConstants;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * What one run asks camel-mongodb for: the group's find or aggregate, narrowed to documents past the saved
 * checkpoint and ordered by the checkpoint field, so that chunks arrive in checkpoint order.
 *
 * <p>Find ({@code operation=findAll}, body = {@link #filter}):
 * <ul>
 *   <li>filter: the user's filter, and with a checkpoint {@code {$and: [userFilter, {field: {$gt: value}}]}}
 *       (just {@code {field: {$gt: value}}} when the user gave none). Documents whose field is missing or null
 *       match no {@code $gt}: like SQL's {@code col > ?}, they are read by the first run only.</li>
 *   <li>sort: with an incremental field, {@code {field: 1}} first: the checkpoint order wins; the user's sort keys
 *       follow as tie-breakers among equal checkpoint values (a key naming the field itself is dropped). Without
 *       an incremental field the user's sort as given. Give the field an index: the sort then streams from it
 *       (tie-breakers need a compound index or MongoDB sorts in memory).</li>
 *   <li>projection: FStore must still see every path it reads (entity key, event time, created time, checkpoint
 *       field, features): an inclusion projection gets those paths added ({@code path: 1}; a path already covered
 *       by an included parent is left out, an included child of a needed path is replaced by the path), an
 *       exclusion projection that removes one of them (or a parent) is refused with an error naming it. Without a
 *       projection the request projects to exactly the read paths when the caller passes them (less data over
 *       the wire; {@code _id} only when read).</li>
 * </ul>
 * Aggregate (body = {@link #pipeline}): {@code {$match: {field: {$gt: value}}}} and {@code {$sort: {field: 1}}}
 * are put after the user's stages, so they apply to the pipeline's output, as jdbc filters its query's output (a
 * {@code $group} before them sums every input document, not only the new ones); the field must be one of the output
 * documents. To let an index serve a plain filter, write it as the pipeline's own first {@code $match}.
 * {@code allowDiskUse} is set for the final sort.
 *
 * <p>The checkpoint value binds as the BSON type the field holds: {@link Instant} as a BSON date
 * ({@link Date}, millisecond precision: a finer instant is cut down to its millisecond, which re-reads rather than
 * skips), {@link BigDecimal} as Decimal128, Long / Integer / Double / String / Date / {@link ObjectId} as they
 * are. MongoDB compares within one type bracket only (numbers together, dates, strings, ObjectIds): a checkpoint
 * of another bracket than the field's matches nothing, so an ObjectId field (e.g. {@code _id}) must be
 * checkpointed as an ObjectId, not as the hex text {@link MongoDocuments} gives.
 *
 * @param aggregate   true: operation aggregate with {@link #pipeline} as body; false: findAll with {@link #filter}
 * @param projection  null: no projection
 * @param sort        null: no sort
 * @param allowDiskUse null: not set
 */
public record MongoRequest(boolean aggregate, Document filter, Document projection, Document sort,
                           List<Bson> pipeline, int batchSize, Boolean allowDiskUse) {

    public MongoRequest {
        pipeline = pipeline == null ? null : List.copyOf(pipeline);
    }

    /**
     * @param incrementalField the checkpoint field (dotted path), when the group is incremental
     * @param checkpoint       the saved checkpoint value, when there is one (needs {@code incrementalField})
     * @param readPaths        every document path the group reads (entity key, event time, created time,
     *                         features, checkpoint field); may be empty (then no projection is made up)
     * @param defaultBatchSize the batch size when the spec gives none (e.g. fstore.chunk-size)
     * @throws IllegalArgumentException when the projection excludes a read path or the checkpoint value has a type
     *                                  MongoDB cannot compare
     */
    public static MongoRequest of(MongoSourceSpec spec, Optional<String> incrementalField, Optional<Object> checkpoint,
                                  Collection<String> readPaths, int defaultBatchSize) {
        if (checkpoint.isPresent() && incrementalField.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint value needs the incremental field it belongs to");
        }
        int batchSize = spec.batchSize().orElse(defaultBatchSize);
        Optional<Document> after = checkpoint.map(v -> new Document(incrementalField.get(),
                new Document("$gt", bindValue(incrementalField.get(), v))));
        if (spec.isAggregate()) {
            List<Bson> pipeline = new ArrayList<>(spec.aggregate().get().size() + 2);
            pipeline.addAll(spec.aggregate().get());
            // on the pipeline's output, as jdbc filters its query's output: a $group sums every input document
            after.ifPresent(match -> pipeline.add(new Document("$match", match)));
            incrementalField.ifPresent(f -> pipeline.add(new Document("$sort", new Document(f, 1))));
            return new MongoRequest(true, null, null, null, pipeline, batchSize,
                    incrementalField.isPresent() ? Boolean.TRUE : null);
        }
        Document filter = spec.filter();
        if (after.isPresent()) {
            filter = filter.isEmpty() ? after.get() : new Document("$and", List.of(filter, after.get()));
        }
        Document sort = spec.sort().orElse(null);
        if (incrementalField.isPresent()) {
            Document ordered = new Document(incrementalField.get(), 1);
            spec.sort().ifPresent(user -> user.forEach((key, direction) -> {
                if (!key.equals(incrementalField.get())) {
                    ordered.append(key, direction);
                }
            }));
            sort = ordered;
        }
        Document projection = projection(spec.projection(), readPaths);
        return new MongoRequest(false, filter, projection, sort, null, batchSize, null);
    }

    /** A checkpoint value as the BSON value MongoDB compares with the field's values. */
    public static Object bindValue(String field, Object value) {
        if (value instanceof Instant instant) {
            return Date.from(instant);
        }
        if (value instanceof BigDecimal decimal) {
            return new Decimal128(decimal);
        }
        if (value instanceof BigInteger integer) {
            return new Decimal128(new BigDecimal(integer));
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Double || value instanceof String
                || value instanceof Date || value instanceof ObjectId || value instanceof Decimal128) {
            return value;
        }
        throw new IllegalArgumentException("checkpoint field " + field + " has a value of type "
                + (value == null ? "null" : value.getClass().getName())
                + "; use a date, number, text or ObjectId field as the checkpoint");
    }

    private static Document projection(Optional<Document> given, Collection<String> readPaths) {
        if (given.isEmpty()) {
            if (readPaths.isEmpty()) {
                return null;
            }
            Document made = new Document();
            for (String path : minimal(readPaths)) {
                made.append(path, 1);
            }
            if (!made.containsKey("_id")) {
                made.append("_id", 0);
            }
            return made;
        }
        Document user = given.get();
        boolean inclusion = user.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals("_id") && !isExclusion(e.getValue()));
        if (!inclusion) {
            // an exclusion projection ({a: 0, b: 0}, or only {_id: 0}): refuse one that removes what FStore reads
            for (String path : readPaths) {
                for (Map.Entry<String, Object> e : user.entrySet()) {
                    if (isExclusion(e.getValue()) && (path.equals(e.getKey()) || path.startsWith(e.getKey() + "."))) {
                        throw new IllegalArgumentException("the projection excludes " + e.getKey()
                                + ", but the group reads " + path + "; remove " + e.getKey()
                                + " from source.projection");
                    }
                }
            }
            return user;
        }
        Document merged = new Document(new LinkedHashMap<>(user));
        for (String path : readPaths) {
            Object existing = merged.get(path);
            if (existing != null && isExclusion(existing)) {
                if (path.equals("_id")) {
                    merged.put("_id", 1);
                    continue;
                }
                throw new IllegalArgumentException("the projection excludes " + path
                        + ", but the group reads it; remove it from source.projection");
            }
            if (existing != null || coveredByParent(merged, path)) {
                continue;
            }
            merged.keySet().removeIf(key -> key.startsWith(path + ".") && !isExclusion(merged.get(key)));
            merged.append(path, 1);
        }
        return merged;
    }

    private static boolean isExclusion(Object value) {
        return value instanceof Boolean b && !b || value instanceof Number n && n.doubleValue() == 0;
    }

    private static boolean coveredByParent(Document projection, String path) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            Object parent = projection.get(path.substring(0, dot));
            if (parent != null && !isExclusion(parent)) {
                return true;
            }
        }
        return false;
    }

    /** The paths without those inside another of them ({@code address} covers {@code address.city}). */
    private static List<String> minimal(Collection<String> paths) {
        List<String> out = new ArrayList<>();
        for (String path : new java.util.LinkedHashSet<>(paths)) {
            boolean covered = false;
            for (String other : paths) {
                if (path.startsWith(other + ".")) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(path);
            }
        }
        return out;
    }

    /** The body camel-mongodb expects: the filter for findAll, the pipeline for aggregate. */
    public Object body() {
        return aggregate ? pipeline : filter;
    }

    /** The operation name for the endpoint URI or the {@code CamelMongoDbOperation} header. */
    public String operation() {
        return aggregate ? "aggregate" : "findAll";
    }

    /** The camel-mongodb headers of this request (names from {@link MongoDbConstants}). */
    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(MongoDbConstants.OPERATION_HEADER, operation());
        headers.put(MongoDbConstants.BATCH_SIZE, batchSize);
        if (projection != null) {
            headers.put(MongoDbConstants.FIELDS_PROJECTION, projection);
        }
        if (sort != null) {
            headers.put(MongoDbConstants.SORT_BY, sort);
        }
        if (allowDiskUse != null) {
            headers.put(MongoDbConstants.ALLOW_DISK_USE, allowDiskUse);
        }
        return headers;
    }
}
