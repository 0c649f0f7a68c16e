package io.fstore.source.cursor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fstore.normalize.Timestamps;
import io.fstore.source.Checkpoint;
import io.fstore.source.CheckpointTracker;

/**
 * The checkpoint of sources read in the order of one incremental field (SQL queries, MongoDB finds and pipelines):
 * the greatest value whose records are all stored.
 *
 * <p>Records arrive in field order, but the last value of a chunk may continue into the next chunk, so mid-run the
 * checkpoint only moves to the greatest value strictly below the newest one seen; at the end of the input it moves to
 * the newest. A crash therefore re-reads at most the records of one value: none is lost, and the repeats are harmless
 * (newest-wins online, deduplicated on read offline). Values FStore cannot store (a timestamp outside 0001..9999,
 * PostgreSQL's 'infinity') are never a checkpoint. The field matches case-insensitively (databases disagree on the
 * case of unquoted identifiers).
 */
public final class OrderedCursor implements CheckpointTracker {

    /** Where one chunk reaches: its last value and the greatest value strictly below it (null if none). */
    public record Position(Comparable<Object> last, Comparable<Object> belowLast) {
    }

    private final String field;
    private CursorValue committed;
    private Comparable<Object> newest;
    private Comparable<Object> safe;

    public OrderedCursor(String field, Optional<Checkpoint> start) {
        this.field = field;
        this.committed = CursorValue.from(start, field).orElse(null);
    }

    @Override
    public Position positionOf(List<Map<String, Object>> records) {
        String key = null;
        Comparable<Object> last = null;
        Comparable<Object> belowLast = null;
        for (Map<String, Object> record : records) {
            if (key == null || !record.containsKey(key)) {
                key = keyIn(record);
            }
            Comparable<Object> value = key == null ? null : comparable(record.get(key));
            if (value == null || Timestamps.outOfRange(value)) {
                continue;
            }
            if (last != null && value.compareTo(last) != 0) {
                belowLast = last;
            }
            last = value;
        }
        return last == null ? null : new Position(last, belowLast);
    }

    @Override
    public synchronized Optional<Checkpoint> chunkStored(Object position) {
        if (!(position instanceof Position p)) {
            return Optional.empty();
        }
        if (p.belowLast() != null) {
            safe = p.belowLast();
        } else if (newest != null && newest.compareTo(p.last()) < 0) {
            safe = newest;
        }
        newest = p.last();
        return move(safe);
    }

    @Override
    public synchronized Optional<Checkpoint> endOfInput() {
        return move(newest);
    }

    @Override
    public synchronized Optional<Checkpoint> current() {
        return Optional.ofNullable(committed).map(CursorValue::toCheckpoint);
    }

    @Override
    public synchronized Optional<java.time.Instant> currentTime() {
        return Optional.ofNullable(committed).flatMap(CursorValue::instant);
    }

    private Optional<Checkpoint> move(Comparable<Object> to) {
        if (to == null) {
            return Optional.empty();
        }
        CursorValue next = CursorValue.of(field, to);
        if (next.equals(committed)) {
            return Optional.empty();
        }
        committed = next;
        return Optional.of(next.toCheckpoint());
    }

    private String keyIn(Map<String, Object> record) {
        if (record.containsKey(field)) {
            return field;
        }
        String lower = field.toLowerCase(Locale.ROOT);
        for (String k : record.keySet()) {
            if (k.toLowerCase(Locale.ROOT).equals(lower)) {
                return k;
            }
        }
        return null;
    }

    /**
     * A value the cursor can compare with the others of its field. Whole numbers of any width compare as Long and
     * other numbers as Double (one MongoDB field holds Int32 and Int64 values; JavaScript writes doubles).
     */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return (Comparable<Object>) (Object) ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return (Comparable<Object>) (Object) f.doubleValue();
        }
        return value instanceof Comparable<?> c ? (Comparable<Object>) c : null;
    }
}
