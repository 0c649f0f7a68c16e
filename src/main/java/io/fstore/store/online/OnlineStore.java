package io.fstore.store.online;

import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureRecord;

/**
 * The latest value per (group, entity, feature). Newest event wins: a value is replaced only by one with a strictly
 * newer event timestamp, so out-of-order or repeated arrivals never regress a value.
 */
public interface OnlineStore extends AutoCloseable {

    /** Writes a batch; returns when the batch is durable. */
    void write(List<FeatureRecord> records);

    /**
     * Reads many entities x many features of one group. The result has one map per requested entity, in order,
     * holding only the features that have a value (absent key = missing).
     */
    List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features);

    void deleteGroup(String group);

    @Override
    void close();
}
