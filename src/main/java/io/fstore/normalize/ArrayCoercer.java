package io.fstore.normalize;

import java.lang.reflect.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.fstore.model.Feature;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;

/**
 * Coerces a raw source value to a {@code list<...>} or {@code vector} feature: a collection (MongoDB and Cassandra
 * lists and sets), a Java array, a JDBC {@link java.sql.Array} (PostgreSQL {@code bigint[]}) or a JSON array as text
 * (a CSV cell, a text column). Each element is coerced like a value of the element type, with the same refusals; a
 * null element is refused (lists hold values, the missing value is a null list); a vector must have exactly its
 * feature's dimension and only finite floats.
 */
final class ArrayCoercer {

    /** One JSON array and nothing after it ("[1,2] [3]" is not a list of two). */
    private static final ObjectReader JSON = new ObjectMapper().readerFor(List.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ArrayCoercer() {
    }

    static List<Object> toList(Feature feature, Object raw) {
        List<?> elements = elements(raw, feature.type());
        Feature element = Feature.of(feature.name(), feature.type().element());
        List<Object> values = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Object e = elements.get(i);
            if (e == null) {
                throw new IllegalArgumentException("element " + i + " is null (a " + feature.type().yamlName()
                        + " holds no null element)");
            }
            if (isNested(e)) { // a string element would otherwise hold its Java text ("[Ljava.lang.String;@1b2c")
                throw new IllegalArgumentException("element " + i + " is a nested array or document (a "
                        + feature.type().yamlName() + " holds single values)");
            }
            try {
                values.add(ValueCoercer.coerce(element, e));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("element " + i + ": " + bad.getMessage());
            }
        }
        return Collections.unmodifiableList(values);
    }

    static FloatVector toVector(Feature feature, Object raw) {
        if (raw instanceof FloatVector v) {
            checkDimension(feature, v.dimension());
            for (int i = 0; i < v.dimension(); i++) {
                checkFinite(i, v.get(i), v.get(i));
            }
            return v;
        }
        if (raw instanceof float[] floats) {
            return toVector(feature, FloatVector.of(floats.clone()));
        }
        List<?> elements = elements(raw, ValueType.VECTOR);
        checkDimension(feature, elements.size());
        float[] floats = new float[elements.size()];
        for (int i = 0; i < floats.length; i++) {
            Object e = elements.get(i);
            if (e == null) {
                throw new IllegalArgumentException("element " + i + " is null (a vector holds only numbers)");
            }
            double d;
            if (e instanceof Number n) {
                d = n.doubleValue();
            } else if (e instanceof String s) {
                try {
                    d = Double.parseDouble(s.trim());
                } catch (NumberFormatException nfe) {
                    throw new IllegalArgumentException("element " + i + ": cannot read " + Timestamps.describe(e)
                            + " as float");
                }
            } else {
                throw new IllegalArgumentException("element " + i + ": cannot read " + Timestamps.describe(e)
                        + " as float");
            }
            floats[i] = (float) d;
            checkFinite(i, floats[i], e);
        }
        return FloatVector.of(floats);
    }

    private static void checkDimension(Feature feature, int found) {
        if (found != feature.dimension()) {
            throw new IllegalArgumentException("has " + found + " values, expected dimension " + feature.dimension());
        }
    }

    private static void checkFinite(int index, float f, Object raw) {
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("element " + index + ": " + Timestamps.describe(raw)
                    + " is not a finite float (NaN, ±Infinity and values beyond ±3.4e38 are quarantined)");
        }
    }

    private static boolean isNested(Object element) {
        return element instanceof Collection<?> || element instanceof java.util.Map<?, ?>
                || element instanceof java.sql.Array || element.getClass().isArray() && !(element instanceof byte[]);
    }

    private static List<?> elements(Object raw, ValueType type) {
        if (raw instanceof List<?> list) {
            return list;
        }
        if (raw instanceof FloatVector v) { // a Cassandra vector read as list<double>
            List<Object> floats = new ArrayList<>(v.dimension());
            for (int i = 0; i < v.dimension(); i++) {
                floats.add(v.get(i));
            }
            return floats;
        }
        if (raw instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (raw instanceof java.sql.Array sql) {
            try {
                return elements(sql.getArray(), type);
            } catch (SQLException | RuntimeException e) { // a driver's own failure is the row's reason too
                throw new IllegalArgumentException("cannot read the SQL array as " + type.yamlName() + ": "
                        + e.getMessage());
            }
        }
        if (raw != null && raw.getClass().isArray() && !(raw instanceof byte[])) {
            int n = Array.getLength(raw);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(raw, i));
            }
            return list;
        }
        if (raw instanceof String text && text.trim().startsWith("[")) {
            try {
                return JSON.readValue(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as "
                        + type.yamlName() + ": not a JSON array (" + e.getOriginalMessage() + ")");
            }
        }
        throw new IllegalArgumentException("cannot read " + Timestamps.describe(raw) + " as " + type.yamlName()
                + " (expected an array)");
    }
}
