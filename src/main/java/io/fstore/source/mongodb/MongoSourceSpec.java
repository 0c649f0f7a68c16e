package io.fstore.source.mongodb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;

/**
 * The MongoDB part of a group's {@code source}: which collection to read and how. Either a find ({@code filter},
 * optional {@code projection} and {@code sort}) or an {@code aggregate} pipeline. Filters, projections, sorts and
 * stages are written as YAML mappings/lists or as (extended) JSON text; both read the same way, so
 * {@code {$date: "2024-01-01T00:00:00Z"}}, {@code {$oid: "..."}}, {@code {$numberDecimal: "1.10"}} work in either.
 * A YAML date without those wrappers is text and compares as text in MongoDB.
 *
 * @param database   the database; empty: the connection's default database
 * @param collection the collection (required)
 * @param filter     the find filter; an empty document (match everything) when not given or for an aggregate
 * @param projection the find projection, when given
 * @param sort       the find sort, when given (an incremental group sorts by its checkpoint field first)
 * @param aggregate  the aggregate pipeline; when present the group reads with {@code aggregate}, not {@code find}
 * @param batchSize  the cursor batch size, when given (else the caller's default, e.g. fstore.chunk-size)
 */
public record MongoSourceSpec(Optional<String> database, String collection, Document filter,
                              Optional<Document> projection, Optional<Document> sort,
                              Optional<List<Document>> aggregate, OptionalInt batchSize)
        implements io.fstore.model.SourceSpec.KindSettings {

    /** The keys of a {@code source} mapping this kind reads (the common keys are read elsewhere). */
    public static final Set<String> KEYS =
            Set.of("database", "collection", "filter", "projection", "sort", "aggregate", "batch_size");
    public static final int MAX_BATCH_SIZE = 100_000;
    /** Stages that write: a source only reads. */
    private static final Set<String> WRITING_STAGES = Set.of("$out", "$merge");

    public MongoSourceSpec {
        aggregate = aggregate.map(List::copyOf);
    }

    public boolean isAggregate() {
        return aggregate.isPresent();
    }

    /** One thing wrong with the MongoDB keys of a source: which key, what is wrong, what to write instead. */
    public record Problem(String field, String problem, String expected) {
        @Override
        public String toString() {
            return "field '" + field + "': " + problem + (expected.isEmpty() ? "" : "; expected " + expected);
        }
    }

    /** Every problem of a source at once. */
    public static final class InvalidMongoSourceException extends IllegalArgumentException {
        private final List<Problem> problems;

        public InvalidMongoSourceException(List<Problem> problems) {
            super(problems.size() + " problem(s) in the mongodb source:\n  "
                    + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /**
     * Reads the MongoDB keys of a {@code source} mapping (as snakeyaml gives it: maps, lists, strings, numbers).
     * Keys of other kinds or the common keys are not looked at.
     *
     * @param prefix the path of the mapping in error messages, e.g. {@code "source"}
     * @throws InvalidMongoSourceException with every problem found
     */
    public static MongoSourceSpec parse(String prefix, Map<String, ?> source) {
        List<Problem> problems = new ArrayList<>();
        String p = prefix == null || prefix.isEmpty() ? "" : prefix + ".";

        Optional<String> database = Optional.empty();
        if (source.containsKey("database")) {
            database = Optional.ofNullable(name(p + "database", source.get("database"), "database", problems));
        }
        String collection = null;
        if (!source.containsKey("collection")) {
            problems.add(new Problem(p + "collection", "is missing",
                    "the collection to read, e.g. collection: customers"));
        } else {
            collection = name(p + "collection", source.get("collection"), "collection", problems);
        }

        boolean hasFilter = source.containsKey("filter");
        boolean hasAggregate = source.containsKey("aggregate");
        if (hasFilter && hasAggregate) {
            problems.add(new Problem(p + "aggregate", "is given together with " + p + "filter",
                    "either filter (with optional projection and sort) or aggregate, not both; "
                            + "in a pipeline filter with a $match stage"));
        }
        Document filter = new Document();
        Optional<Document> projection = Optional.empty();
        Optional<Document> sort = Optional.empty();
        Optional<List<Document>> aggregate = Optional.empty();
        if (hasAggregate) {
            aggregate = collect(problems, () -> stages(p + "aggregate", source.get("aggregate")));
            for (String findOnly : List.of("projection", "sort")) {
                if (source.containsKey(findOnly)) {
                    problems.add(new Problem(p + findOnly, "does not apply to an aggregate",
                            "a " + (findOnly.equals("sort") ? "$sort" : "$project") + " stage in " + p
                                    + "aggregate, or filter instead of aggregate"));
                }
            }
        }
        if (hasFilter) {
            filter = collect(problems, () -> document(p + "filter", source.get("filter"), FILTER_EXAMPLE))
                    .orElse(filter);
        }
        if (!hasAggregate) {
            if (source.containsKey("projection")) {
                projection = collect(problems, () -> document(p + "projection", source.get("projection"),
                        "{amount: 1, address.city: 1, _id: 0} or '{\"amount\": 1}'"));
            }
            if (source.containsKey("sort")) {
                sort = collect(problems, () -> sortDocument(p + "sort", source.get("sort")));
            }
        }

        OptionalInt batchSize = OptionalInt.empty();
        if (source.containsKey("batch_size")) {
            Object raw = source.get("batch_size");
            if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() >= 1
                    && ((Number) raw).longValue() <= MAX_BATCH_SIZE) {
                batchSize = OptionalInt.of(((Number) raw).intValue());
            } else {
                problems.add(new Problem(p + "batch_size", "is " + describe(raw),
                        "a whole number from 1 to " + MAX_BATCH_SIZE + " (documents per cursor batch)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMongoSourceException(problems);
        }
        return new MongoSourceSpec(database, collection, filter, projection, sort, aggregate, batchSize);
    }

    private static final String FILTER_EXAMPLE = "a mapping such as {status: active, amount: {$gt: 0}} "
            + "or JSON text such as '{\"status\": \"active\"}'";

    private interface Reader<T> {
        T read();
    }

    private static <T> Optional<T> collect(List<Problem> problems, Reader<T> reader) {
        try {
            return Optional.of(reader.read());
        } catch (InvalidMongoSourceException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    private static String name(String field, Object raw, String what, List<Problem> problems) {
        if (raw instanceof String s && !s.isBlank()) {
            if (s.indexOf('\0') >= 0 || what.equals("database") && s.matches(".*[/\\\\. \"$].*")) {
                problems.add(new Problem(field, "'" + s + "' is not a valid " + what + " name",
                        "a name without / \\ . space \" $ or NUL"));
                return null;
            }
            return s;
        }
        problems.add(new Problem(field, "is " + describe(raw), "the " + what + " name as text"));
        return null;
    }

    /**
     * A filter or projection: a YAML mapping or JSON text of an object.
     *
     * @throws InvalidMongoSourceException naming the field
     */
    public static Document document(String field, Object value, String example) {
        if (value instanceof Map<?, ?> map) {
            return parseJson(field, json(field, map), example);
        }
        if (value instanceof String text && !text.isBlank()) {
            String trimmed = text.strip();
            if (!trimmed.startsWith("{")) {
                throw single(field, "is text that is not a JSON object", example);
            }
            return parseJson(field, trimmed, example);
        }
        throw single(field, "is " + describe(value), example);
    }

    private static Document parseJson(String field, String json, String example) {
        try {
            return Document.parse(json);
        } catch (RuntimeException e) {
            throw single(field, "is not valid (extended) JSON: " + e.getMessage(), example);
        }
    }

    private static Document sortDocument(String field, Object value) {
        Document sort = document(field, value, "a mapping such as {updated_at: 1, amount: -1} or '{\"updated_at\": 1}'");
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> key : sort.entrySet()) {
            Object direction = key.getValue();
            boolean valid = direction instanceof Number n && (n.doubleValue() == 1 || n.doubleValue() == -1)
                    || direction instanceof Document d && d.containsKey("$meta");
            if (!valid) {
                problems.add(new Problem(field + "." + key.getKey(), "is " + describe(direction),
                        "1 (ascending) or -1 (descending)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMongoSourceException(problems);
        }
        return sort;
    }

    /**
     * An aggregate pipeline: a YAML list of stage mappings or JSON array text. Each stage has exactly one key, a
     * stage operator; {@code $out} and {@code $merge} are refused (a source only reads).
     *
     * @throws InvalidMongoSourceException naming the field and the stage index
     */
    public static List<Document> stages(String field, Object value) {
        String example = "a list of stages such as [{$match: {status: active}}, {$project: {amount: 1}}] "
                + "or JSON array text such as '[{\"$match\": {\"status\": \"active\"}}]'";
        List<Document> stages = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String at = field + "[" + i + "]";
                Object stage = list.get(i);
                if (stage instanceof Map<?, ?> map) {
                    collect(problems, () -> parseJson(at, json(at, map), "a stage such as {$match: {status: active}}"))
                            .ifPresent(stages::add);
                } else if (stage instanceof String text && text.strip().startsWith("{")) {
                    collect(problems, () -> parseJson(at, text.strip(), "a stage such as {\"$match\": {}}"))
                            .ifPresent(stages::add);
                } else {
                    problems.add(new Problem(at, "is " + describe(stage), "a stage such as {$match: {status: active}}"));
                }
            }
        } else if (value instanceof String text && !text.isBlank()) {
            if (!text.strip().startsWith("[")) {
                throw single(field, "is text that is not a JSON array", example);
            }
            BsonArray array;
            try {
                array = BsonArray.parse(text.strip());
            } catch (RuntimeException e) {
                throw single(field, "is not a valid (extended) JSON array: " + e.getMessage(), example);
            }
            DocumentCodec codec = new DocumentCodec();
            for (int i = 0; i < array.size(); i++) {
                BsonValue stage = array.get(i);
                if (stage instanceof BsonDocument document) {
                    stages.add(codec.decode(document.asBsonReader(), DecoderContext.builder().build()));
                } else {
                    problems.add(new Problem(field + "[" + i + "]", "is a JSON " + stage.getBsonType().name()
                            .toLowerCase(java.util.Locale.ROOT), "a stage object such as {\"$match\": {}}"));
                }
            }
        } else {
            throw single(field, "is " + describe(value), example);
        }
        for (int i = 0; i < stages.size() && problems.isEmpty(); i++) {
            Document stage = stages.get(i);
            String at = field + "[" + i + "]";
            if (stage.size() != 1) {
                problems.add(new Problem(at, stage.isEmpty() ? "is an empty stage"
                        : "has " + stage.size() + " keys (" + String.join(", ", stage.keySet()) + ")",
                        "one stage operator per list item, e.g. [{$match: {...}}, {$project: {...}}]"));
                continue;
            }
            String operator = stage.keySet().iterator().next();
            if (!operator.startsWith("$")) {
                problems.add(new Problem(at, "'" + operator + "' is not a stage operator",
                        "a stage such as $match, $project, $addFields, $group, $unwind, $lookup, $sort"));
            } else if (WRITING_STAGES.contains(operator)) {
                problems.add(new Problem(at, operator + " writes to a collection",
                        "a read-only pipeline (a feature source only reads): remove the " + operator + " stage"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMongoSourceException(problems);
        }
        return Collections.unmodifiableList(stages);
    }

    private static InvalidMongoSourceException single(String field, String problem, String expected) {
        return new InvalidMongoSourceException(List.of(new Problem(field, problem, expected)));
    }

    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return s.isBlank() ? "empty text" : "the text '" + s + "'";
        }
        if (value instanceof Document d) {
            return "the document " + d.toJson();
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }

    /**
     * A YAML value as (extended) JSON text, so that a mapping reads exactly like the same JSON would: numbers keep
     * their type ({@code $numberLong}, {@code $numberDouble}, {@code $numberDecimal}), {@code $date} / {@code $oid}
     * wrappers are the driver's.
     */
    private static String json(String field, Object value) {
        StringBuilder out = new StringBuilder(64);
        write(field, value, out);
        return out.toString();
    }

    private static void write(String field, Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Long l) {
            out.append("{\"$numberLong\": \"").append(l).append("\"}");
        } else if (value instanceof Double || value instanceof Float) {
            out.append("{\"$numberDouble\": \"").append(((Number) value).doubleValue()).append("\"}");
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
            out.append("{\"$numberDecimal\": \"").append(value).append("\"}");
        } else if (value instanceof Date || value instanceof Instant) {
            Instant instant = value instanceof Date d ? d.toInstant() : (Instant) value;
            out.append("{\"$date\": {\"$numberLong\": \"").append(instant.toEpochMilli()).append("\"}}");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                quote(String.valueOf(e.getKey()), out);
                out.append(": ");
                write(field + "." + e.getKey(), e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(field + "[" + i + "]", list.get(i), out);
            }
            out.append(']');
        } else {
            throw single(field, "holds a value of type " + value.getClass().getSimpleName(),
                    "text, numbers, true/false, null, mappings and lists (extended JSON wrappers such as "
                            + "{$date: \"2024-01-01T00:00:00Z\"} for other BSON types)");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
