package io.fstore.source.cassandra;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.normalize.Timestamps;
import io.fstore.source.Checkpoint;
import io.fstore.source.CheckpointTracker;
import io.fstore.source.cursor.OrderedCursor;

/**
 * The checkpoint of an incremental read whose rows do not arrive in checkpoint order (a query over several partitions
 * comes in token order): it stays where it was until the run has read its whole result, then moves to the greatest
 * value read. A run that fails part-way therefore re-reads everything after the old checkpoint: nothing is lost, and
 * the repeats are harmless (newest-wins online, deduplicated on read offline). A query that reads one partition with
 * {@code ORDER BY <incremental column>} gets an {@link OrderedCursor} instead, which moves after every chunk.
 */
final class RunEndCursor implements CheckpointTracker {

    private final String field;
    private final OrderedCursor committed;
    private Comparable<Object> greatest;

    RunEndCursor(String field, Optional<Checkpoint> start) {
        this.field = field;
        this.committed = new OrderedCursor(field, start);
    }

    /** The greatest value of the chunk (null when it has none). */
    @Override
    @SuppressWarnings("unchecked")
    public Object positionOf(List<Map<String, Object>> records) {
        Comparable<Object> max = null;
        for (Map<String, Object> record : records) {
            // CassandraRows gives the column one type: Long for whole numbers, Double for float
            Comparable<Object> value = record.get(field) instanceof Comparable<?> c ? (Comparable<Object>) c : null;
            if (value != null && !Timestamps.outOfRange(value) && (max == null || value.compareTo(max) > 0)) {
                max = value;
            }
        }
        return max;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Optional<Checkpoint> chunkStored(Object position) {
        if (position != null && (greatest == null || ((Comparable<Object>) position).compareTo(greatest) > 0)) {
            greatest = (Comparable<Object>) position;
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<Checkpoint> endOfInput() {
        if (greatest == null) {
            return Optional.empty();
        }
        committed.chunkStored(new OrderedCursor.Position(greatest, null));
        return committed.endOfInput();
    }

    @Override
    public synchronized Optional<Checkpoint> current() {
        return committed.current();
    }

    @Override
    public synchronized Optional<java.time.Instant> currentTime() {
        return committed.currentTime();
    }
}
