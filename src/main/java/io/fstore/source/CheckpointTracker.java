package io.fstore.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far one run of a group got, in its kind's terms. The pipeline asks it where each chunk reaches when the chunk is
 * cut ({@link #positionOf}), tells it when a chunk is stored in every sink ({@link #chunkStored}), and commits the
 * checkpoint it answers. Called from one run; chunks are stored in the order they were cut.
 */
public interface CheckpointTracker {

    /** Where the records of one chunk reach; opaque, handed back to {@link #chunkStored}. Null: nothing to record. */
    Object positionOf(List<Map<String, Object>> records);

    /** The chunk cut at {@code position} is in every sink: the checkpoint to commit now, if it moved. */
    Optional<Checkpoint> chunkStored(Object position);

    /** The run read its source to the end: the checkpoint to commit, if it moved. */
    Optional<Checkpoint> endOfInput();

    /** The checkpoint committed last (the start checkpoint before any). */
    Optional<Checkpoint> current();

    /**
     * The moment {@link #current()} stands for, when the source is read in the order of a time (an incremental
     * timestamp, a MongoDB ObjectId): the checkpoint lag metric is now minus it. Empty when it is not a time.
     */
    default Optional<java.time.Instant> currentTime() {
        return Optional.empty();
    }

    /** A tracker for sources read whole on every run: no checkpoint. */
    CheckpointTracker NONE = new CheckpointTracker() {
        @Override
        public Object positionOf(List<Map<String, Object>> records) {
            return null;
        }

        @Override
        public Optional<Checkpoint> chunkStored(Object position) {
            return Optional.empty();
        }

        @Override
        public Optional<Checkpoint> endOfInput() {
            return Optional.empty();
        }

        @Override
        public Optional<Checkpoint> current() {
            return Optional.empty();
        }
    };
}
