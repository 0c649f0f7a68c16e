package io.fstore.store.offline;

import java.time.Instant;

import io.fstore.model.FeatureRow;

/**
 * One row of the offline table as read back: the entity, event time and feature values (in the order of the group's
 * features, typed as {@link FeatureRow} says) and the time it was ingested ({@code created_timestamp}).
 */
public record OfflineRow(FeatureRow row, Instant createdTimestamp) {

    public String entityId() {
        return row.entityId();
    }

    public Instant eventTimestamp() {
        return row.eventTimestamp();
    }

    /** The value of the group's {@code index}-th feature. */
    public Object value(int index) {
        return row.values()[index];
    }
}
