package io.fstore.store.offline;

import java.util.Set;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a group's offline table: entity key, event time, ingestion time, then one optional column
 * per feature. Times are timestamp-micros adjusted to UTC, decimals are decimal(p, s), strings are UTF-8, the list
 * types and {@code vector} are standard LIST columns of int64, double, UTF-8, boolean or float elements: types DuckDB,
 * Spark and pandas read as they are ({@code BIGINT[]}, ..., {@code FLOAT[]}).
 */
public final class OfflineSchema {

    public static final String EVENT_TIMESTAMP = "event_timestamp";
    public static final String CREATED_TIMESTAMP = "created_timestamp";
    public static final Set<String> RESERVED = Set.of(EVENT_TIMESTAMP, CREATED_TIMESTAMP);
    /**
     * Footer entry ({@code "true"}) of a file holding at most one row per (entity, event time): readers then need no
     * pass over the file's versions to find the later of two rows. Files of older FStore versions lack it.
     */
    static final String ONE_ROW_PER_VERSION = "fstore.one_row_per_version";
    /** Names of a LIST column's repeated group and element, as the Parquet spec, Spark, DuckDB and pyarrow write. */
    static final String LIST_REPEATED = "list";
    static final String LIST_ELEMENT = "element";
    private static final LogicalTypeAnnotation MICROS_UTC =
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS);

    private OfflineSchema() {
    }

    public static MessageType of(FeatureGroup group) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        message.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(group.entity().key());
        message.required(PrimitiveTypeName.INT64).as(MICROS_UTC).named(EVENT_TIMESTAMP);
        message.required(PrimitiveTypeName.INT64).as(MICROS_UTC).named(CREATED_TIMESTAMP);
        for (Feature f : group.features()) {
            message.addField(column(f));
        }
        return message.named(group.name());
    }

    /** Decimals of up to 18 digits fit a 64-bit unscaled value: cheaper to write and compare than bytes. */
    static boolean longDecimal(Feature f) {
        return f.precision() <= 18;
    }

    private static Type column(Feature f) {
        return switch (f.type()) {
            case LONG -> Types.optional(PrimitiveTypeName.INT64).named(f.name());
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
            case BOOL -> Types.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64).as(MICROS_UTC).named(f.name());
            case DECIMAL -> Types.optional(longDecimal(f) ? PrimitiveTypeName.INT64 : PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.decimalType(f.scale(), f.precision())).named(f.name());
            case LIST_LONG -> list(f, Types.required(PrimitiveTypeName.INT64));
            case LIST_DOUBLE -> list(f, Types.required(PrimitiveTypeName.DOUBLE));
            case LIST_STRING -> list(f, Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()));
            case LIST_BOOL -> list(f, Types.required(PrimitiveTypeName.BOOLEAN));
            case VECTOR -> list(f, Types.required(PrimitiveTypeName.FLOAT));
        };
    }

    /** The standard three-level LIST of the Parquet spec, with required elements: lists hold no null element. */
    private static Type list(Feature f, Types.PrimitiveBuilder<PrimitiveType> element) {
        return Types.optionalList().element(element.named(LIST_ELEMENT)).named(f.name());
    }

    /** The dotted path of the column that holds a feature's values (for a list, its elements). */
    static String leafPath(Feature f) {
        return f.type().isArray() ? f.name() + "." + LIST_REPEATED + "." + LIST_ELEMENT : f.name();
    }
}
