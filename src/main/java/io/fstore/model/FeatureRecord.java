package io.fstore.model;

import java.time.Instant;

/** The normalized unit of FStore: one value of one feature of one entity at one event time (UTC). */
public record FeatureRecord(String featureGroup, String feature, String entityId, Object value,
                            Instant eventTimestamp) {
}
