package io.fstore.source;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A source kind's code for one group: builds the request from the saved checkpoint, turns the component's reply into
 * flat records, and says which checkpoint each chunk reaches. Plain Java; the kind's route template calls it through
 * {@code io.fstore.pipeline.SourceSteps}.
 */
public interface SourceAdapter {

    /**
     * The checkpoint a run starts from: {@code saved} when it still fits the group's definition, else empty (the
     * source is read from the start, e.g. after the incremental field changed).
     */
    Optional<Checkpoint> resumeFrom(Optional<Checkpoint> saved);

    /** The request of a run that starts at {@code checkpoint} (empty: read everything). */
    SourceRequest request(Optional<Checkpoint> checkpoint);

    /**
     * The records of the component's reply, streamed: the iterator pulls from the source as it goes. Records are flat
     * maps whose keys are field paths (dotted for nested documents); a field the record lacks is absent, not null.
     */
    Iterator<Map<String, Object>> records(Object body);

    /** The tracker of a run that starts at {@code start}. */
    CheckpointTracker tracker(Optional<Checkpoint> start);
}
