package io.fstore.normalize;

import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * The outcome of normalizing one chunk of source rows.
 *
 * @param lastIncremental      the incremental column's value in the chunk's last row, or null without incremental.
 *                             Values FStore cannot store (a timestamp outside 0001..9999, PostgreSQL's 'infinity')
 *                             are skipped: they are never a bound, so never the saved watermark.
 * @param belowLastIncremental the greatest value in the chunk strictly below {@code lastIncremental}, or null when
 *                             every row had the same value. Rows are read in incremental order, so values up to this
 *                             one are complete once the chunk is stored; rows equal to the last may continue in the
 *                             next chunk.
 */
public record NormalizedChunk(FeatureGroup group, List<FeatureRow> rows, List<QuarantinedRow> quarantined,
                              int sourceRows, Comparable<Object> lastIncremental,
                              Comparable<Object> belowLastIncremental) {
}
