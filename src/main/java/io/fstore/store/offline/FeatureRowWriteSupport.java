package io.fstore.store.offline;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import io.fstore.normalize.Timestamps;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Writes {@link FeatureRow}s straight into Parquet columns of {@link OfflineSchema}: no intermediate records. */
final class FeatureRowWriteSupport extends WriteSupport<FeatureRow> {

    private final MessageType schema;
    private final List<Feature> features;
    private final String entityKey;
    private final long createdMicros;
    private RecordConsumer out;

    FeatureRowWriteSupport(FeatureGroup group, MessageType schema, long createdMicros) {
        this.schema = schema;
        this.features = group.features();
        this.entityKey = group.entity().key();
        this.createdMicros = createdMicros;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return context();
    }

    @Override
    public WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
        return context();
    }

    /** The part's rows are one per version ({@link OfflinePart}): the footer says so. */
    private WriteContext context() {
        Map<String, String> footer = new HashMap<>();
        footer.put(OfflineSchema.ONE_ROW_PER_VERSION, "true");
        return new WriteContext(schema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    /** String.getBytes is intrinsic and much cheaper than Binary.fromString's encoder for the usual ASCII ids. */
    private static Binary utf8(String s) {
        return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A list or vector value as the spec's three LIST levels: the group, then per element a repeated group holding
     * it. An empty list is the group without elements; null is no group at all.
     */
    private void writeArray(ValueType type, Object value) {
        List<?> list = type == ValueType.VECTOR ? null : (List<?>) value;
        float[] floats = type == ValueType.VECTOR ? ((FloatVector) value).values() : null;
        int n = list != null ? list.size() : floats.length;
        out.startGroup();
        if (n > 0) {
            out.startField(OfflineSchema.LIST_REPEATED, 0);
            for (int i = 0; i < n; i++) {
                out.startGroup();
                out.startField(OfflineSchema.LIST_ELEMENT, 0);
                switch (type) {
                    case LIST_LONG -> out.addLong((Long) list.get(i));
                    case LIST_DOUBLE -> out.addDouble((Double) list.get(i));
                    case LIST_STRING -> out.addBinary(utf8((String) list.get(i)));
                    case LIST_BOOL -> out.addBoolean((Boolean) list.get(i));
                    case VECTOR -> out.addFloat(floats[i]);
                    default -> throw new IllegalStateException(type + " is not a list type");
                }
                out.endField(OfflineSchema.LIST_ELEMENT, 0);
                out.endGroup();
            }
            out.endField(OfflineSchema.LIST_REPEATED, 0);
        }
        out.endGroup();
    }

    @Override
    public void write(FeatureRow row) {
        out.startMessage();
        out.startField(entityKey, 0);
        out.addBinary(utf8(row.entityId()));
        out.endField(entityKey, 0);
        out.startField(OfflineSchema.EVENT_TIMESTAMP, 1);
        out.addLong(Timestamps.toMicros(row.eventTimestamp()));
        out.endField(OfflineSchema.EVENT_TIMESTAMP, 1);
        out.startField(OfflineSchema.CREATED_TIMESTAMP, 2);
        out.addLong(createdMicros);
        out.endField(OfflineSchema.CREATED_TIMESTAMP, 2);
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue; // optional column: absence is null
            }
            String name = features.get(i).name();
            out.startField(name, 3 + i);
            switch (features.get(i).type()) {
                case LONG -> out.addLong((Long) v);
                case DOUBLE -> out.addDouble((Double) v);
                case STRING -> out.addBinary(utf8((String) v));
                case BOOL -> out.addBoolean((Boolean) v);
                case TIMESTAMP -> out.addLong(Timestamps.toMicros((Instant) v));
                case DECIMAL -> {
                    BigDecimal d = (BigDecimal) v;
                    if (OfflineSchema.longDecimal(features.get(i))) {
                        out.addLong(Decimals.unscaledLong(d));
                    } else {
                        out.addBinary(Binary.fromConstantByteArray(d.unscaledValue().toByteArray()));
                    }
                }
                case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL, VECTOR -> writeArray(features.get(i).type(), v);
                default -> throw new IllegalStateException("no offline column for type " + features.get(i).type());
            }
            out.endField(name, 3 + i);
        }
        out.endMessage();
    }
}
