package io.fstore.store.offline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads the records of one offline Parquet file straight into a reused {@link Buffer} with the group's declared
 * types: no Avro records, no per-value type dispatch. The columns read are the entity key, the event time, the
 * ingestion time and the group's features that the file has (a feature added later reads as null); with
 * {@code versionsOnly}, the key and event time only.
 *
 * <p>A stored column reads as its declared type when the type matches, or when widening loses nothing (an integer
 * column as a double or decimal, a decimal of another scale when no digit is lost); anything else fails with the file,
 * the feature and both types, rather than guessing.
 */
final class OfflineRowMaterializer extends RecordMaterializer<OfflineRowMaterializer.Buffer> {

    /** The record being read; reused for every record of the file. */
    static final class Buffer {
        String entity;
        long eventMicros;
        long createdMicros;
        Object[] values;

        OfflineRow toRow() {
            return new OfflineRow(new FeatureRow(entity, Timestamps.fromMicros(eventMicros), values),
                    Timestamps.fromMicros(createdMicros));
        }
    }

    private final Buffer buffer = new Buffer();
    private final MessageType requested;
    private final Root root;

    OfflineRowMaterializer(FeatureGroup group, MessageType file, Object where, boolean versionsOnly) {
        Map<String, Integer> featureIndex = new HashMap<>();
        for (int i = 0; i < group.features().size(); i++) {
            featureIndex.put(group.features().get(i).name(), i);
        }
        String key = group.entity().key();
        List<Type> fields = new ArrayList<>();
        List<Converter> converters = new ArrayList<>();
        for (Type field : file.getFields()) {
            String name = field.getName();
            Converter converter;
            if (name.equals(key)) {
                converter = strings(primitive(field, where), "entity key", where, s -> buffer.entity = s);
            } else if (name.equals(OfflineSchema.EVENT_TIMESTAMP)) {
                converter = micros(primitive(field, where), where, v -> buffer.eventMicros = v);
            } else if (name.equals(OfflineSchema.CREATED_TIMESTAMP) && !versionsOnly) {
                converter = micros(primitive(field, where), where, v -> buffer.createdMicros = v);
            } else if (featureIndex.containsKey(name) && !versionsOnly) {
                int slot = featureIndex.get(name);
                converter = value(field, group.features().get(slot), where, v -> buffer.values[slot] = v);
            } else {
                continue;
            }
            fields.add(field);
            converters.add(converter);
        }
        List<String> names = fields.stream().map(Type::getName).toList();
        for (String required : versionsOnly ? List.of(key, OfflineSchema.EVENT_TIMESTAMP)
                : List.of(key, OfflineSchema.EVENT_TIMESTAMP, OfflineSchema.CREATED_TIMESTAMP)) {
            if (!names.contains(required)) {
                throw new IllegalStateException("Offline file " + where + " has no column '" + required
                        + "' (columns: " + file.getFields().stream().map(Type::getName).toList() + ")");
            }
        }
        this.requested = new MessageType(file.getName(), fields);
        int width = group.features().size();
        this.root = new Root(converters, () -> {
            buffer.entity = null;
            buffer.eventMicros = Long.MIN_VALUE;
            buffer.createdMicros = Long.MIN_VALUE;
            buffer.values = versionsOnly ? null : new Object[width];
        });
    }

    /** The columns to read: a projection of the file's schema. */
    MessageType requestedSchema() {
        return requested;
    }

    @Override
    public Buffer getCurrentRecord() {
        return buffer;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    private static PrimitiveType primitive(Type field, Object where) {
        if (!field.isPrimitive()) {
            throw new IllegalStateException("Offline file " + where + ": column '" + field.getName()
                    + "' is nested (" + field + "); FStore writes its key and times as flat columns");
        }
        return field.asPrimitiveType();
    }

    private static Converter strings(PrimitiveType column, String what, Object where, Consumer<String> sink) {
        LogicalTypeAnnotation a = column.getLogicalTypeAnnotation();
        if (column.getPrimitiveTypeName() != PrimitiveTypeName.BINARY
                || !(a == null || a instanceof StringLogicalTypeAnnotation)) {
            throw new IllegalStateException("Offline file " + where + " stores the " + what + " '" + column.getName()
                    + "' as " + column + ", not as a string");
        }
        return new StringColumn(sink);
    }

    /** An INT64 timestamp (micros, millis or nanos) as epoch microseconds. */
    private static Converter micros(PrimitiveType column, Object where, LongConsumer sink) {
        if (column.getPrimitiveTypeName() == PrimitiveTypeName.INT64
                && column.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation t) {
            return switch (t.getUnit()) {
                case MICROS -> longs(sink);
                case MILLIS -> longs(v -> sink.accept(Math.multiplyExact(v, 1000L)));
                case NANOS -> longs(v -> sink.accept(Math.floorDiv(v, 1000L)));
            };
        }
        throw new IllegalStateException("Offline file " + where + " stores '" + column.getName() + "' as " + column
                + ", not as an int64 timestamp");
    }

    /** A feature's column read as its declared type, or a failure naming the file, the feature and both types. */
    private static Converter value(Type field, Feature f, Object where, Consumer<Object> sink) {
        Converter converter;
        if (f.type().isArray()) {
            PrimitiveType element = ArrayColumn.element(field);
            converter = element == null ? null : f.type().isList()
                    ? ArrayColumn.list(f, where, sink, e -> scalar(element, Feature.of(f.name(), f.type().element()),
                            where, e))
                    : ArrayColumn.vector(f, element, where, sink);
        } else {
            converter = field.isPrimitive() ? scalar(field.asPrimitiveType(), f, where, sink) : null;
        }
        if (converter == null) {
            throw new IllegalStateException("Offline file " + where + " stores feature '" + f.name() + "' as "
                    + field.toString().replaceAll("\\s+", " ").trim() + ", which does not read as its declared type "
                    + f.type().yamlName());
        }
        return converter;
    }

    /** A flat column as a scalar type, widening where nothing is lost; null when it does not read as that type. */
    private static Converter scalar(PrimitiveType column, Feature f, Object where, Consumer<Object> sink) {
        PrimitiveTypeName p = column.getPrimitiveTypeName();
        LogicalTypeAnnotation a = column.getLogicalTypeAnnotation();
        boolean integer = (p == PrimitiveTypeName.INT64 || p == PrimitiveTypeName.INT32)
                && (a == null || a instanceof IntLogicalTypeAnnotation);
        return switch (f.type()) {
            case LONG -> integer ? integers(v -> sink.accept(v)) : null;
            case DOUBLE -> p == PrimitiveTypeName.DOUBLE || p == PrimitiveTypeName.FLOAT
                    ? doubles(sink) : integer ? integers(v -> sink.accept((double) v)) : null;
            case STRING -> p == PrimitiveTypeName.BINARY && (a == null || a instanceof StringLogicalTypeAnnotation)
                    ? new StringColumn(sink::accept) : null;
            case BOOL -> p == PrimitiveTypeName.BOOLEAN ? booleans(sink) : null;
            case TIMESTAMP -> a instanceof TimestampLogicalTypeAnnotation
                    ? micros(column, where, v -> sink.accept(Timestamps.fromMicros(v))) : null;
            case DECIMAL -> a instanceof DecimalLogicalTypeAnnotation d
                    ? decimals(p, d.getScale(), f, where, sink)
                    : integer ? integers(v -> sink.accept(rescale(BigDecimal.valueOf(v), f, where))) : null;
            case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL, VECTOR -> null; // LIST columns: ArrayColumn
        };
    }

    private static Converter decimals(PrimitiveTypeName p, int scale, Feature f, Object where, Consumer<Object> sink) {
        return switch (p) {
            case INT32, INT64 -> integers(v -> sink.accept(rescale(BigDecimal.valueOf(v, scale), f, where)));
            case BINARY, FIXED_LEN_BYTE_ARRAY -> new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    sink.accept(rescale(new BigDecimal(new BigInteger(value.getBytes()), scale), f, where));
                }
            };
            default -> null;
        };
    }

    private static BigDecimal rescale(BigDecimal value, Feature f, Object where) {
        if (value.scale() == f.scale()) {
            return value;
        }
        try {
            return value.setScale(f.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalStateException("Offline file " + where + " holds " + value.toPlainString()
                    + " for feature '" + f.name() + "', which has more decimals than its declared scale " + f.scale(),
                    e);
        }
    }

    private static PrimitiveConverter longs(LongConsumer sink) {
        return new PrimitiveConverter() {
            @Override
            public void addLong(long value) {
                sink.accept(value);
            }
        };
    }

    /** INT64 or INT32 as a Long. */
    private static PrimitiveConverter integers(Consumer<Long> sink) {
        return new PrimitiveConverter() {
            @Override
            public void addLong(long value) {
                sink.accept(value);
            }

            @Override
            public void addInt(int value) {
                sink.accept((long) value);
            }
        };
    }

    private static PrimitiveConverter doubles(Consumer<Object> sink) {
        return new PrimitiveConverter() {
            @Override
            public void addDouble(double value) {
                sink.accept(value);
            }

            @Override
            public void addFloat(float value) {
                sink.accept((double) value);
            }
        };
    }

    private static PrimitiveConverter booleans(Consumer<Object> sink) {
        return new PrimitiveConverter() {
            @Override
            public void addBoolean(boolean value) {
                sink.accept(value);
            }
        };
    }

    /** UTF-8 strings; a dictionary-encoded column is decoded once per dictionary, not once per value. */
    private static final class StringColumn extends PrimitiveConverter {
        private final Consumer<String> sink;
        private String[] dictionary;

        StringColumn(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
            dictionary = new String[d.getMaxId() + 1];
            for (int i = 0; i < dictionary.length; i++) {
                dictionary[i] = d.decodeToBinary(i).toStringUsingUTF8();
            }
        }

        @Override
        public void addValueFromDictionary(int id) {
            sink.accept(dictionary[id]);
        }

        @Override
        public void addBinary(Binary value) {
            sink.accept(value.toStringUsingUTF8());
        }
    }

    private static final class Root extends GroupConverter {
        private final List<Converter> converters;
        private final Runnable start;

        Root(List<Converter> converters, Runnable start) {
            this.converters = converters;
            this.start = start;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters.get(fieldIndex);
        }

        @Override
        public void start() {
            start.run();
        }

        @Override
        public void end() {
        }
    }
}
