package io.fstore.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Groups a streamed result set into chunks, so one exchange carries many rows while memory stays bounded by the
 * chunk size, whatever the table size.
 */
public final class RowChunker {

    /**
     * An {@link Error} (OutOfMemoryError in a driver, say) raised while the splitter pulls rows: Camel's splitter does
     * not complete the exchange on an Error thrown by its iterator, which would leave the run hanging until its lease
     * expires. As an exception it fails the run like any other source failure.
     */
    public static final class SourceReadError extends SourceReadException {
        SourceReadError(Error cause) {
            super(cause.getClass().getSimpleName() + " while reading the source: " + cause.getMessage(), cause);
        }
    }

    /**
     * A failure while records stream from the source (a connection reset between two fetches, a dead cursor). It is
     * never redelivered, whatever its cause: the stream cannot be resumed where it broke, and running the split again
     * over it would end a run early as if it had read everything. The run fails; the next one resumes from the
     * checkpoint of the last stored chunk.
     */
    public static class SourceReadException extends RuntimeException {
        SourceReadException(String message, Throwable cause) {
            super(message, cause);
        }

        SourceReadException(RuntimeException cause) {
            this("reading the source's records failed: " + cause.getMessage(), cause);
        }
    }

    private RowChunker() {
    }

    public static Iterator<List<Map<String, Object>>> chunks(Iterator<Map<String, Object>> rows, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + size);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return rows.hasNext();
                } catch (Error e) {
                    throw new SourceReadError(e);
                } catch (RuntimeException e) {
                    throw new SourceReadException(e);
                }
            }

            @Override
            public List<Map<String, Object>> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Map<String, Object>> chunk = new ArrayList<>(size);
                try {
                    while (chunk.size() < size && rows.hasNext()) {
                        chunk.add(rows.next());
                    }
                } catch (Error e) {
                    throw new SourceReadError(e);
                } catch (RuntimeException e) {
                    throw new SourceReadException(e);
                }
                return chunk;
            }
        };
    }
}
