package io.fstore.store.offline;

import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * Rows of one group ingested together, ready to become one Parquet file.
 *
 * @param path          relative to the offline folder (see {@link OfflineLayout})
 * @param rows          at most one per (entity, event time) (see {@link ParquetOfflineStore#laterRowPerVersion}): the
 *                      file's footer says so to readers
 * @param createdMicros ingestion time of these rows, stored as {@code created_timestamp}
 */
public record OfflinePart(FeatureGroup group, String path, List<FeatureRow> rows, long createdMicros) {
}
