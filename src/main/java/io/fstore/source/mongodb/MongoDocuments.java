package io.fstore.source.mongodb;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.BsonBinarySubType;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.bson.types.Symbol;

/**
 * Turns one {@link Document} as the MongoDB driver (and camel-mongodb) decodes it into a flat record: a
 * {@code Map<String,Object>} whose keys are dotted paths ({@code address.city}) and whose values are the plain Java
 * values the normalizer reads.
 *
 * <p>Value mapping ({@link #value}):
 * <ul>
 *   <li>ObjectId: its 24-digit hex text; Date: {@link Instant} (BSON dates are UTC milliseconds, so exact);
 *       BsonTimestamp: {@link Instant} of its seconds (the increment is an ordinal, not time)</li>
 *   <li>Decimal128: {@link BigDecimal} (-0 as zero of the same scale); NaN and ±Infinity become the {@code Double}
 *       NaN / ±Infinity, which the normalizer quarantines for long, double, decimal, bool and timestamp features
 *       ("NaN is not a finite number"); a string feature stores the text "NaN" / "Infinity"</li>
 *   <li>Int64: Long, Int32: Integer, Double, Boolean, String: unchanged</li>
 *   <li>arrays: {@link List} of mapped elements (an embedded document in an array: a {@code Map} of mapped
 *       values); a {@code list<...>} or {@code vector} feature reads it element by element, a string feature
 *       stores its text</li>
 *   <li>Binary: a standard UUID (subtype 4) as the UUID text; other binary, the legacy UUID subtype 3 included
 *       (its byte order depends on the driver that wrote it), as {@code byte[]}, which a string feature
 *       quarantines ("cannot read binary data as string"); Symbol and Code: their text; undefined: null;
 *       anything else (MinKey, MaxKey, regular expressions, DBPointer): unchanged</li>
 * </ul>
 *
 * <p>A field the document lacks is absent from the record (the normalizer quarantines the document with
 * "missing column"); a field holding null is present with value null. An embedded document is spread into its
 * leaves; {@link #forPaths} flatteners read only the paths a group needs and, when such a path names an embedded
 * document itself, give it as its relaxed extended JSON text. A path may step into an array by position
 * ({@code scores.0}), as MongoDB's dotted paths do. Field names that themselves contain dots are read as the
 * path they spell; when a document has both {@code {"a.b": 1}} and {@code {"a": {"b": 2}}}, {@link #flatten}
 * keeps the later field of the document and {@link #forPaths} the one literally named {@code a.b}.
 */
public final class MongoDocuments {

    private MongoDocuments() {
    }

    /** Every leaf of the document under its dotted path. */
    public static Map<String, Object> flatten(Document document) {
        Map<String, Object> record = new HashMap<>(Math.max(16, document.size() * 2));
        spread(document, null, record);
        return record;
    }

    private static void spread(Document document, String prefix, Map<String, Object> record) {
        for (Map.Entry<String, Object> field : document.entrySet()) {
            String path = prefix == null ? field.getKey() : prefix + '.' + field.getKey();
            if (field.getValue() instanceof Document nested) {
                spread(nested, path, record);
            } else {
                record.put(path, value(field.getValue()));
            }
        }
    }

    /**
     * A flattener that reads only these paths: cheaper than {@link #flatten} for wide documents (no key strings
     * are built, nothing outside the paths is converted). The record holds at most these keys.
     */
    public static Flattener forPaths(Collection<String> paths) {
        return new Flattener(paths);
    }

    /** Reads a fixed set of dotted paths from documents; immutable, safe to share between threads. */
    public static final class Flattener {

        private final String[] paths;
        private final String[][] segments;

        private Flattener(Collection<String> wanted) {
            LinkedHashSet<String> distinct = new LinkedHashSet<>(wanted);
            paths = distinct.toArray(String[]::new);
            segments = new String[paths.length][];
            for (int i = 0; i < paths.length; i++) {
                if (paths[i] == null || paths[i].isEmpty()) {
                    throw new IllegalArgumentException("a document path must not be empty");
                }
                segments[i] = paths[i].split("\\.", -1);
            }
        }

        public Map<String, Object> flatten(Document document) {
            Map<String, Object> record = new HashMap<>(Math.max(4, (int) (paths.length / 0.75f) + 1));
            for (int i = 0; i < paths.length; i++) {
                read(document, i, record);
            }
            return record;
        }

        private void read(Document document, int index, Map<String, Object> record) {
            String path = paths[index];
            // a field literally named "a.b" is that path too (MongoDB 5+ allows dots in names)
            Object direct = document.get(path);
            if (direct != null || document.containsKey(path)) {
                record.put(path, leaf(direct));
                return;
            }
            String[] steps = segments[index];
            if (steps.length == 1) {
                return;
            }
            Object current = document;
            for (String step : steps) {
                if (current instanceof Document d) {
                    Object next = d.get(step);
                    if (next == null && !d.containsKey(step)) {
                        return;
                    }
                    current = next;
                } else if (current instanceof List<?> list) {
                    int position = position(step);
                    if (position < 0 || position >= list.size()) {
                        return;
                    }
                    current = list.get(position);
                } else {
                    return; // a scalar (or null) where the path goes on: the field is missing
                }
            }
            record.put(path, leaf(current));
        }

        private static Object leaf(Object value) {
            return value instanceof Document nested ? nested.toJson() : value(value);
        }

        private static int position(String step) {
            if (step.isEmpty() || step.length() > 9) {
                return -1;
            }
            for (int i = 0; i < step.length(); i++) {
                if (step.charAt(i) < '0' || step.charAt(i) > '9') {
                    return -1;
                }
            }
            return Integer.parseInt(step);
        }
    }

    /** One BSON value as the Java value a flat record holds (see the class comment). */
    public static Object value(Object bson) {
        if (bson == null || bson instanceof String || bson instanceof Integer || bson instanceof Long
                || bson instanceof Double || bson instanceof Boolean) {
            return bson;
        }
        if (bson instanceof Date date) {
            return date.toInstant();
        }
        if (bson instanceof ObjectId id) {
            return id.toHexString();
        }
        if (bson instanceof Decimal128 decimal) {
            return decimal(decimal);
        }
        if (bson instanceof BsonTimestamp ts) {
            return Instant.ofEpochSecond(Integer.toUnsignedLong(ts.getTime()));
        }
        if (bson instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(element instanceof Document d ? mapOf(d) : value(element));
            }
            return out;
        }
        if (bson instanceof Document document) {
            return mapOf(document);
        }
        if (bson instanceof UUID uuid) {
            return uuid.toString();
        }
        if (bson instanceof Binary binary) {
            return binary(binary);
        }
        if (bson instanceof Symbol symbol) {
            return symbol.getSymbol();
        }
        if (bson instanceof Code code) {
            return code.getCode();
        }
        if (bson instanceof BsonUndefined) {
            return null;
        }
        return bson;
    }

    private static Object decimal(Decimal128 decimal) {
        if (decimal.isNaN()) {
            return Double.NaN;
        }
        if (decimal.isInfinite()) {
            return decimal.isNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            return decimal.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            return new BigDecimal(decimal.toString()); // "-0.00" reads as 0.00
        }
    }

    private static Map<String, Object> mapOf(Document document) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, document.size() * 2));
        for (Map.Entry<String, Object> field : document.entrySet()) {
            out.put(field.getKey(), value(field.getValue()));
        }
        return out;
    }

    private static Object binary(Binary binary) {
        byte[] data = binary.getData();
        if (data.length == 16 && binary.getType() == BsonBinarySubType.UUID_STANDARD.getValue()) {
            ByteBuffer bytes = ByteBuffer.wrap(data);
            return new UUID(bytes.getLong(), bytes.getLong()).toString();
        }
        return data;
    }
}
