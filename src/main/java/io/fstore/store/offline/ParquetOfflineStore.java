package io.fstore.store.offline;

import java.time.Instant;
import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/** The offline store as Parquet files under the data directory (see {@link ParquetPartWriter}). */
public final class ParquetOfflineStore implements OfflineStore {

    private final ParquetPartWriter writer;

    public ParquetOfflineStore(ParquetPartWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        for (OfflinePart part : OfflineRows.partitions(group, rows, ingestedAt)) {
            writer.write(part);
        }
    }
}
