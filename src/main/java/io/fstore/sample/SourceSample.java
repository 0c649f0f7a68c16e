package io.fstore.sample;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;

/**
 * The first rows of a group's source, read through its route template as a run reads them, and what the normalizer
 * made of them; or why they could not be read.
 *
 * @param records    the raw records read (field path -> value), at most the rows asked for
 * @param normalized those records normalized for the group (rows and quarantined rows with their reasons); null when
 *                   reading failed
 * @param failure    why reading failed (the message, secrets masked); empty when it did not
 */
public record SourceSample(FeatureGroup group, List<Map<String, Object>> records, NormalizedChunk normalized,
                           Optional<String> failure) {

    static SourceSample failed(FeatureGroup group, String why) {
        return new SourceSample(group, List.of(), null, Optional.of(why));
    }
}
