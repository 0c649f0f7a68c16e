package io.fstore.source.cassandra;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.fstore.model.FloatVector;

/**
 * Turns one {@link Row} into a flat record: column name to the plain Java value the normalizer reads.
 *
 * <p>Value mapping ({@link #value}): uuid and timeuuid as their text; timestamp an {@link java.time.Instant}; date a
 * {@link java.time.LocalDate}; decimal a BigDecimal; varint a BigInteger; bigint/counter Long, int Integer, smallint
 * Short, tinyint Byte, float Float, double Double, boolean, text unchanged; inet its address text; duration and time
 * their CQL text; blob {@code byte[]} (a string feature quarantines it); list and set a {@link List} of their mapped
 * elements; tuple a List; vector&lt;float, N&gt; a
 * {@link FloatVector} (the value of a {@code vector} feature; a vector of another element type a List).
 *
 * <p>A UDT column is spread into its fields under dotted names ({@code address.city}, nested UDTs deeper), as MongoDB
 * documents are; a map column likewise into its entries, under the text of each key ({@code attrs.color}). Inside a
 * list, a UDT or map stays a {@link Map}. A null UDT has each of its fields present with value null (its type names
 * them); a null map has no entries: a feature reading one is quarantined as a missing column; any other null column
 * is present with value null.
 *
 * <p>The incremental column keeps a uuid or timeuuid as a {@link UUID}: its text would order differently from
 * Cassandra, so the checkpoint refuses it rather than compare it wrongly ({@link #checkpointValue}).
 */
final class CassandraRows {

    private final String incremental;

    /** @param incremental the checkpoint column, or null */
    CassandraRows(String incremental) {
        this.incremental = incremental;
    }

    Map<String, Object> record(Row row) {
        ColumnDefinitions columns = row.getColumnDefinitions();
        Map<String, Object> record = new HashMap<>(Math.max(16, columns.size() * 2));
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).getName().asInternal();
            Object raw = row.getObject(i);
            if (name.equals(incremental)) {
                record.put(name, checkpointValue(raw));
            } else if (raw == null && columns.get(i).getType() instanceof UserDefinedType type) {
                nullFields(name, type, record);
            } else {
                put(name, raw, record);
            }
        }
        return record;
    }

    /** A null UDT: each of its fields (nested UDTs' too) present with value null, as any other null column. */
    private static void nullFields(String path, UserDefinedType type, Map<String, Object> record) {
        for (int i = 0; i < type.getFieldNames().size(); i++) {
            String field = path + "." + type.getFieldNames().get(i).asInternal();
            if (type.getFieldTypes().get(i) instanceof UserDefinedType nested) {
                nullFields(field, nested, record);
            } else {
                record.put(field, null);
            }
        }
    }

    private static void put(String path, Object raw, Map<String, Object> record) {
        if (raw instanceof UdtValue udt) {
            for (int i = 0; i < udt.size(); i++) {
                if (udt.getObject(i) == null && udt.getType().getFieldTypes().get(i) instanceof UserDefinedType t) {
                    nullFields(path + "." + udt.getType().getFieldNames().get(i).asInternal(), t, record);
                    continue;
                }
                put(path + "." + udt.getType().getFieldNames().get(i).asInternal(), udt.getObject(i), record);
            }
        } else if (raw instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                put(path + "." + value(e.getKey()), e.getValue(), record);
            }
        } else {
            record.put(path, value(raw));
        }
    }

    /** A vector&lt;float, N&gt; as the value of a vector feature; a vector of another element type as a List. */
    private static Object vector(CqlVector<?> vector) {
        boolean floats = true;
        for (Object element : vector) {
            floats &= element instanceof Float;
        }
        if (floats) {
            float[] values = new float[vector.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (Float) vector.get(i);
            }
            return FloatVector.of(values);
        }
        List<Object> out = new ArrayList<>(vector.size());
        for (Object element : vector) {
            out.add(value(element));
        }
        return out;
    }

    /**
     * The value of the incremental column: whole numbers as Long and float as Double (one type per column for the
     * checkpoint's comparisons), a uuid as the {@link UUID} itself, anything else as {@link #value} maps it.
     */
    static Object checkpointValue(Object raw) {
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Float f) {
            return f.doubleValue();
        }
        return raw instanceof UUID ? raw : value(raw);
    }

    /** One driver value as the Java value a flat record holds (see the class comment). */
    static Object value(Object raw) {
        if (raw == null || raw instanceof String || raw instanceof Long || raw instanceof Integer
                || raw instanceof Double || raw instanceof Boolean) {
            return raw;
        }
        if (raw instanceof UUID || raw instanceof CqlDuration || raw instanceof java.time.LocalTime) {
            return raw.toString();
        }
        if (raw instanceof InetAddress address) {
            return address.getHostAddress();
        }
        if (raw instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (raw instanceof CqlVector<?> vector) {
            return vector(vector);
        }
        if (raw instanceof Collection<?> collection) {
            List<Object> out = new ArrayList<>(collection.size());
            for (Object element : collection) {
                out.add(value(element));
            }
            return out;
        }
        if (raw instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(value(k)), value(v)));
            return out;
        }
        if (raw instanceof UdtValue udt) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < udt.size(); i++) {
                out.put(udt.getType().getFieldNames().get(i).asInternal(), value(udt.getObject(i)));
            }
            return out;
        }
        if (raw instanceof TupleValue tuple) {
            List<Object> out = new ArrayList<>(tuple.size());
            for (int i = 0; i < tuple.size(); i++) {
                out.add(value(tuple.getObject(i)));
            }
            return out;
        }
        return raw; // Instant, LocalDate, BigDecimal, BigInteger, Short, Byte, Float
    }
}
