package io.fstore.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One normalized source row: the values of all of a group's features for one entity at one event time, in the
 * order of {@link FeatureGroup#features()}. Values are typed: Long, Double, String, Boolean, Instant, BigDecimal or
 * null.
 */
public record FeatureRow(String entityId, Instant eventTimestamp, Object[] values) {

    /** The row with the newest event time per entity (the first one seen on ties). */
    public static Collection<FeatureRow> newestPerEntity(List<FeatureRow> rows) {
        Map<String, FeatureRow> newest = new HashMap<>(rows.size() * 2);
        for (FeatureRow row : rows) {
            newest.merge(row.entityId(), row, (a, b) -> b.eventTimestamp().isAfter(a.eventTimestamp()) ? b : a);
        }
        return newest.values();
    }

    public List<FeatureRecord> records(FeatureGroup group) {
        List<FeatureRecord> records = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            records.add(new FeatureRecord(group.name(), group.features().get(i).name(), entityId, values[i],
                    eventTimestamp));
        }
        return records;
    }
}
