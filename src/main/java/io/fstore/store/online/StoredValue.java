package io.fstore.store.online;

import java.time.Instant;

/** A feature value as the online store holds it: typed value (or null) and its event time. */
public record StoredValue(Object value, Instant eventTimestamp) {
}
