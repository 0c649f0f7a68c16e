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

    /**
     * The row with the newest event time per entity; on equal event times the later row in list order, as a chunk's
     * rows share one ingestion time and the later one is the correction.
     */
    public static Collection<FeatureRow> newestPerEntity(List<FeatureRow> rows) {
        Map<String, FeatureRow> newest = new HashMap<>(rows.size() * 2);
        for (FeatureRow row : rows) {
            newest.merge(row.entityId(), row, (a, b) -> b.eventTimestamp().isBefore(a.eventTimestamp()) ? a : b);
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
