package io.fstore.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One normalized source row: the values of all of a group's features for one entity at one event time, in the
 * order of {@link FeatureGroup#features()}. Values are typed: Long, Double, String, Boolean, Instant, BigDecimal or
 * null.
 */
public record FeatureRow(String entityId, Instant eventTimestamp, Object[] values) {

    public List<FeatureRecord> records(FeatureGroup group) {
        List<FeatureRecord> records = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            records.add(new FeatureRecord(group.name(), group.features().get(i).name(), entityId, values[i],
                    eventTimestamp));
        }
        return records;
    }
}
