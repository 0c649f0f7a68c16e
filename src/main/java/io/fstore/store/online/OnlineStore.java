package io.fstore.store.online;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;

/**
 * The latest value per (group, entity, feature). Newest event wins: a value is replaced only by one with a strictly
 * newer event timestamp, so out-of-order or repeated arrivals never regress a value.
 */
public interface OnlineStore extends AutoCloseable {

    /** Writes a batch; returns when the batch is durable. */
    void write(List<FeatureRecord> records);

    /**
     * Writes a chunk of normalized rows of one group, ingested at {@code ingestedAt} (the rows' created_timestamp);
     * stores may override this to skip building records.
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
