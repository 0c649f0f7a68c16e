package io.fstore.store.online;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;

/**
 * The latest value per (group, entity, feature).
 *
 * <p><b>Order and ties.</b> Values are ordered by (event time, ingestion time), the ingestion time being the chunk's
 * {@code created_timestamp}. A write replaces the stored value when its (event time, ingestion time) is not older
 * than the stored one:
 * <ul>
 *   <li>a newer event time wins; an older one never regresses a value, even when ingested later;</li>
 *   <li>at equal event times the later ingestion wins (a refund that corrects an aggregate without a newer event
 *       time reaches the store), an earlier ingestion does not replace;</li>
 *   <li>within one chunk (one ingestion time) the later row in list order wins;</li>
 *   <li>{@link #write} records carry no ingestion time: each call counts as ingested when it is made, so a later call
 *       replaces on equal event times, and within a call the later record wins;</li>
 *   <li>writing the same chunk again leaves the same values (retries are idempotent).</li>
 * </ul>
 * The offline store keeps the same order, so both agree on which row is the latest.
 *
 * <p><b>ttl.</b> A value whose event time is more than the group's ttl before the read time is <em>missing</em>, as if
 * it had never been written: {@code OnlineLookup} serves it with status {@code missing}, a null value and no event
 * time, on every store. Stores may drop such values (Redis expires an entity's hash ttl after its newest event) or
 * keep them (embedded, PostgreSQL); the answer is the same.
 */
public interface OnlineStore extends AutoCloseable {

    /** Writes a batch of per-feature records; returns when the batch is durable, throws when any of it failed. */
    void write(List<FeatureRecord> records);

    /**
     * Writes a chunk of normalized rows of one group, ingested at {@code ingestedAt} (the rows' created_timestamp);
     * returns when the chunk is durable, throws when any of it failed. Every store overrides this to order ties by
     * {@code ingestedAt}; the default (for test doubles) writes the rows as records, ingested now.
     */
    default void writeRows(FeatureGroup group, List<FeatureRow> rows, java.time.Instant ingestedAt) {
        List<FeatureRecord> records = new ArrayList<>(rows.size() * group.features().size());
        rows.forEach(r -> records.addAll(r.records(group)));
        write(records);
    }

    /**
     * Reads many entities x many features of one group. The result has one map per requested entity, in order,
     * holding only the features that have a value (absent key = missing).
     */
    List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features);

    void deleteGroup(String group);

    /** What and where this store is, for logs and operators (never credentials). */
    String describe();

    @Override
    void close();
}
