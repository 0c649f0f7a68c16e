package io.fstore.store.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Parquet (Avro) schema of a group's offline table: entity key, event time, ingestion time, then one nullable
 * column per feature. Times are timestamp-micros in UTC, decimals are decimal(p, s): types DuckDB, Spark and
 * pandas read as they are.
 */
public final class OfflineSchema {

    public static final String EVENT_TIMESTAMP = "event_timestamp";
    public static final String CREATED_TIMESTAMP = "created_timestamp";
    public static final Set<String> RESERVED = Set.of(EVENT_TIMESTAMP, CREATED_TIMESTAMP);

    private OfflineSchema() {
    }

    public static Schema of(FeatureGroup group) {
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field(group.entity().key(), Schema.create(Schema.Type.STRING)));
        fields.add(new Schema.Field(EVENT_TIMESTAMP, micros()));
        fields.add(new Schema.Field(CREATED_TIMESTAMP, micros()));
        for (Feature f : group.features()) {
            Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), valueSchema(f));
            fields.add(new Schema.Field(f.name(), nullable, f.description(), Schema.Field.NULL_DEFAULT_VALUE));
        }
        return Schema.createRecord(group.name(), group.description(), "io.fstore.offline", false, fields);
    }

    private static Schema valueSchema(Feature f) {
        return switch (f.type()) {
            case LONG -> Schema.create(Schema.Type.LONG);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case STRING -> Schema.create(Schema.Type.STRING);
            case BOOL -> Schema.create(Schema.Type.BOOLEAN);
            case TIMESTAMP -> micros();
            case DECIMAL -> LogicalTypes.decimal(f.precision(), f.scale()).addToSchema(Schema.create(Schema.Type.BYTES));
        };
    }

    private static Schema micros() {
        return LogicalTypes.timestampMicros().addToSchema(SchemaBuilder.builder().longType());
    }
}
