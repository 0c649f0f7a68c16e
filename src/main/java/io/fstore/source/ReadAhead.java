package io.fstore.source;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads the next element of a source iterator on another thread while the caller works on the current one: with the
 * chunks of a run, the source decodes chunk n+1 while the sinks store chunk n (two cores instead of one).
 *
 * <p>At most one element is read ahead, and the source is only ever touched by one thread at a time (the reader,
 * each read handed over through a {@link Future}). The order is the source's. A failure while reading ahead is thrown
 * by the {@link #hasNext()} or {@link #next()} call that would have read that element (unchanged, an Error excepted),
 * so the caller sees it where it would have without reading ahead: after the elements before it were handled, never
 * instead of them.
 * {@link #close()} waits for a read in flight, so whoever closes the source afterwards (a cursor, a result set)
 * never closes it under a read. Not thread-safe: one consumer.
 */
public final class ReadAhead<T> implements Iterator<T>, AutoCloseable {

    private static final Object END = new Object();

    private final Iterator<T> source;
    private final ExecutorService reader;
    private Future<Object> pending;
    private Object ready; // the element read, END, or null when nothing was read yet
    private Throwable failure; // a failed read: thrown again by every later call, the source is not read again
    private boolean closed;

    /** @param reader runs the reads, one at a time (a single thread); not shut down here */
    public ReadAhead(Iterator<T> source, ExecutorService reader) {
        this.source = source;
        this.reader = reader;
    }

    @Override
    public boolean hasNext() {
        return fetched() != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        Object element = fetched();
        if (element == END) {
            throw new NoSuchElementException();
        }
        ready = null;
        pending = reader.submit(this::readOne); // the next one is read while the caller handles this one
        return (T) element;
    }

    private Object readOne() {
        return source.hasNext() ? source.next() : END;
    }

    /** The element read ahead, waiting for its read; a failed read is thrown as the source threw it. */
    private Object fetched() {
        if (closed) {
            throw new IllegalStateException("The read-ahead of the source is closed");
        }
        if (failure != null) {
            throw rethrown(failure);
        }
        if (ready != null) {
            return ready;
        }
        if (pending == null) {
            pending = reader.submit(this::readOne);
        }
        try {
            ready = pending.get();
            return ready;
        } catch (ExecutionException e) {
            pending = null;
            failure = e.getCause();
            throw rethrown(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the source's next records", e);
        }
    }

    /**
     * The read's failure as the caller throws it: a RuntimeException as it is; an {@link Error} (OutOfMemoryError
     * while decoding or normalizing ahead) as a {@link RowChunker.SourceReadError}, since Camel's splitter does not
     * complete the exchange on an Error from its iterator.
     */
    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw new RowChunker.SourceReadError(e);
        }
        throw new IllegalStateException(cause);
    }

    /** Waits for a read in flight (its outcome is dropped), so the source can be closed after this returns. */
    @Override
    public void close() {
        closed = true;
        Future<Object> inFlight = pending;
        pending = null;
        ready = null;
        if (inFlight == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                inFlight.get();
                break;
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
