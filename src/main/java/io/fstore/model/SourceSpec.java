package io.fstore.model;

import java.util.Optional;

/**
 * Where a group's rows come from. For {@code kind: jdbc}: a named datasource and a query whose rows are either
 * long ({@code entity_id, value, <timestamp>}) or wide (entity key + one column per feature + timestamp).
 *
 * @param timestampColumn   the result column holding each row's event time
 * @param incrementalColumn when present, only rows whose value in this column is greater than the saved watermark
 *                          are read
 */
public record SourceSpec(String kind, String datasource, String query, String timestampColumn,
                         Optional<String> incrementalColumn) {
}
