package io.fstore.source;

import java.util.List;
import java.util.Map;

/**
 * A chunk of flat source records (field path -> raw value), the unit every source kind hands to the shared chunk
 * pipeline ({@code direct:fstore.chunk}).
 *
 * @param position where the chunk reaches in its source (see {@link CheckpointTracker#positionOf}); null when the
 *                 records carry no checkpoint
 */
public record SourceChunk(List<Map<String, Object>> records, Object position) {
}
