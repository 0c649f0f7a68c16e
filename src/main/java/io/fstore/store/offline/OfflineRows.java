package io.fstore.store.offline;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A group's deduplicated offline rows, read as they are iterated (see {@link OfflineStore#read}). Close it when done,
 * also when stopping early. Reading errors surface from {@link #hasNext()}/{@link #next()} as unchecked exceptions.
 * Not thread-safe.
 */
public interface OfflineRows extends Iterator<OfflineRow>, AutoCloseable {

    @Override
    void close();

    /** No rows. */
    static OfflineRows empty() {
        return new OfflineRows() {
            @Override
            public boolean hasNext() {
                return false;
            }

            @Override
            public OfflineRow next() {
                throw new NoSuchElementException();
            }

            @Override
            public void close() {
            }
        };
    }
}
