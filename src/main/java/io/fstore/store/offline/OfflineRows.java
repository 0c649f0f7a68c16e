package io.fstore.store.offline;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Lays normalized rows out as the offline store wants them: partitioned by the UTC date of their event time, as Avro
 * records of {@link OfflineSchema}. Writing the files is left to the route (camel-parquet-avro + file component).
 */
public final class OfflineRows {

    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    public List<OfflinePart> partitions(FeatureGroup group, List<FeatureRow> rows, Instant createdAt) {
        Schema schema = schemas.computeIfAbsent(group.name(), n -> OfflineSchema.of(group));
        long created = Timestamps.toMicros(createdAt);
        Map<LocalDate, List<GenericRecord>> byDate = new TreeMap<>();
        for (FeatureRow row : rows) {
            LocalDate date = LocalDate.ofInstant(row.eventTimestamp(), ZoneOffset.UTC);
            byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(record(schema, row, created));
        }
        List<OfflinePart> parts = new ArrayList<>(byDate.size());
        byDate.forEach((date, records) -> parts.add(new OfflinePart(
                group.name() + "/date=" + date + "/part-" + UUID.randomUUID() + ".parquet", records)));
        return parts;
    }

    private static GenericRecord record(Schema schema, FeatureRow row, long created) {
        GenericData.Record r = new GenericData.Record(schema);
        r.put(0, row.entityId());
        r.put(1, Timestamps.toMicros(row.eventTimestamp()));
        r.put(2, created);
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            r.put(3 + i, avroValue(values[i]));
        }
        return r;
    }

    /** Avro's generic model without conversions wants longs for timestamps and unscaled bytes for decimals. */
    private static Object avroValue(Object value) {
        if (value instanceof Instant i) {
            return Timestamps.toMicros(i);
        }
        if (value instanceof BigDecimal d) {
            return ByteBuffer.wrap(d.unscaledValue().toByteArray());
        }
        return value;
    }
}
