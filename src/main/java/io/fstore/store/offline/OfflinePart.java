package io.fstore.store.offline;

import java.util.List;

import org.apache.avro.generic.GenericRecord;

/**
 * Rows of one group and one event date, ready to become one Parquet file.
 *
 * @param path relative to the offline folder: {@code <group>/date=YYYY-MM-DD/part-<uuid>.parquet}
 */
public record OfflinePart(String path, List<GenericRecord> records) {
}
