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

    private RowChunker() {
    }

    public static Iterator<List<Map<String, Object>>> chunks(Iterator<Map<String, Object>> rows, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + size);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Map<String, Object>> next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Map<String, Object>> chunk = new ArrayList<>(size);
                while (chunk.size() < size && rows.hasNext()) {
                    chunk.add(rows.next());
                }
                return chunk;
            }
        };
    }
}
