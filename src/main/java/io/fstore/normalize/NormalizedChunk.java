package io.fstore.normalize;

import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * The outcome of normalizing one chunk of source records.
 *
 * @param sourceRows the records the chunk had, good and bad
 * @param position   where the chunk reaches in its source (opaque; see {@code CheckpointTracker}), or null
 */
public record NormalizedChunk(FeatureGroup group, List<FeatureRow> rows, List<QuarantinedRow> quarantined,
                              int sourceRows, Object position) {
}
