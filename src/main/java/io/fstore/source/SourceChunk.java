package io.fstore.source;

import java.util.List;
import java.util.Map;

import io.fstore.normalize.NormalizedChunk;

/**
 * A chunk of flat source records (field path -> raw value), the unit every source kind hands to the shared chunk
 * pipeline ({@code direct:fstore.chunk}).
 *
 * @param position   where the chunk reaches in its source (see {@link CheckpointTracker#positionOf}); null when the
 *                   records carry no checkpoint
 * @param normalized the records already normalized for their group, with this position (the source's read-ahead
 *                   thread does it while the previous chunk is stored), or null: the chunk route normalizes them
 */
public record SourceChunk(List<Map<String, Object>> records, Object position, NormalizedChunk normalized) {

    /** A chunk the chunk route normalizes. */
    public SourceChunk(List<Map<String, Object>> records, Object position) {
        this(records, position, null);
    }
}
