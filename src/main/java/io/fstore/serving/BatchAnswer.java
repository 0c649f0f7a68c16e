package io.fstore.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.fstore.store.online.StoredValue;

/**
 * The answer of {@code POST /features/online}, in Feast's column layout: feature names once, then per feature one
 * array of values, statuses and event times across the entities. The values are read from the store before; the
 * JSON is written on demand, a chunk at a time, so a large answer never exists as a whole in memory: {@link #body()}
 * gives the bytes when the answer is small, else this stream, which the HTTP server reads chunk by chunk while it
 * sends them.
 */
final class BatchAnswer extends InputStream {

    /**
     * Answers up to this size go out as one buffer (with a Content-Length), the fastest way through the HTTP server;
     * larger ones are streamed, which costs a worker-thread hop per 16 KiB the server reads.
     */
    static final int WHOLE_ANSWER_BYTES = 1 << 20;
    /** Bytes written per refill of a streamed answer (a single value may make a chunk longer). */
    static final int CHUNK_BYTES = 32 * 1024;

    private static final SerializableString PRESENT = new SerializedString("present");
    private static final SerializableString MISSING = new SerializedString("missing");

    private enum Part { START, NAMES, IDS, COLUMN, VALUES, STATUSES, TIMES, END, DONE }

    private final String entityKey;
    private final List<String> ids;
    private final FeatureRefs refs;
    private final Map<String, List<Map<String, StoredValue>>> stored;
    private final Map<String, Instant> oldest;
    private final TimeTexts times = new TimeTexts();
    private final Chunk chunk;
    private final JsonGenerator out;
    private Part part = Part.START;
    private int column;
    private int index;
    private int readPosition;
    // the column being written: its feature, its group's stored values and oldest live event time
    private String feature;
    private List<Map<String, StoredValue>> values;
    private Instant columnOldest;
    /** The current column's live values, one per id. */
    private final StoredValue[] liveColumn;

    /**
     * @param stored per group name, the store's answer for {@code ids} (one map per id, in order)
     * @param now    the read time: values older than their group's ttl before it are missing
     */
    BatchAnswer(JsonFactory json, String entityKey, List<String> ids, FeatureRefs refs,
                Map<String, List<Map<String, StoredValue>>> stored, Instant now) {
        this.entityKey = entityKey;
        this.ids = ids;
        this.refs = refs;
        this.stored = stored;
        this.liveColumn = new StoredValue[ids.size()];
        this.oldest = new HashMap<>();
        refs.reads().forEach((name, read) -> oldest.put(name, oldest(read.group().ttl(), now)));
        // a double, its status and its event time take about 56 bytes: the usual answer fits without a copy
        long estimate = 256 + (long) ids.size() * (refs.columns().size() + 1) * 56;
        this.chunk = new Chunk((int) Math.min(WHOLE_ANSWER_BYTES + 8192, estimate));
        try {
            this.out = json.createGenerator(chunk, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole answer as one buffer when it is at most {@link #WHOLE_ANSWER_BYTES}, else this stream. */
    Object body() {
        fill(WHOLE_ANSWER_BYTES);
        if (part == Part.DONE) {
            return ByteBuffer.wrap(chunk.bytes(), 0, chunk.size());
        }
        return this;
    }

    /** Bytes held for this answer right now: the part written but not yet read (tests measure it). */
    int bufferedBytes() {
        return chunk.capacity();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (readPosition == chunk.size()) {
            if (part == Part.DONE) {
                return -1;
            }
            chunk.restart(); // after the large first part, a streamed answer holds about a chunk at a time
            readPosition = 0;
            fill(CHUNK_BYTES);
        }
        int n = Math.min(len, chunk.size() - readPosition);
        System.arraycopy(chunk.bytes(), readPosition, b, off, n);
        readPosition += n;
        return n;
    }

    @Override
    public int available() {
        return chunk.size() - readPosition;
    }

    /** Writes the answer on until about {@code bytes} are waiting, or to its end. */
    private void fill(int bytes) {
        try {
            while (part != Part.DONE && chunk.size() + out.getOutputBuffered() < bytes) {
                step();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes into memory: does not happen
        }
    }

    /** Writes the next element of the answer (one value, or the opening or closing of an array). */
    private void step() throws IOException {
        int n = ids.size();
        switch (part) {
            case START -> {
                out.writeStartObject();
                out.writeObjectFieldStart("metadata");
                out.writeArrayFieldStart("feature_names");
                out.writeString(entityKey);
                next(Part.NAMES);
            }
            case NAMES -> {
                if (index < refs.refs().size()) {
                    out.writeString(refs.refs().get(index++));
                } else {
                    out.writeEndArray();
                    out.writeEndObject();
                    out.writeArrayFieldStart("results");
                    out.writeStartObject();
                    out.writeArrayFieldStart("values");
                    next(Part.IDS);
                }
            }
            case IDS -> {
                if (index < n) {
                    out.writeString(ids.get(index++));
                } else {
                    out.writeEndArray();
                    out.writeEndObject();
                    next(Part.COLUMN);
                }
            }
            case COLUMN -> {
                if (column == refs.columns().size()) {
                    next(Part.END);
                } else {
                    FeatureRefs.Column c = refs.columns().get(column);
                    feature = c.feature().name();
                    values = stored.get(c.group().name());
                    columnOldest = oldest.get(c.group().name());
                    for (int i = 0; i < n; i++) { // once per column: values, statuses and times read it
                        liveColumn[i] = live(i);
                    }
                    out.writeStartObject();
                    out.writeStringField("type", c.feature().type().yamlName());
                    out.writeArrayFieldStart("values");
                    next(Part.VALUES);
                }
            }
            case VALUES -> {
                if (index < n) {
                    StoredValue v = liveColumn[index++];
                    VectorJson.value(out, v == null ? null : v.value(), times);
                } else {
                    out.writeEndArray();
                    out.writeArrayFieldStart("statuses");
                    next(Part.STATUSES);
                }
            }
            case STATUSES -> {
                if (index < n) {
                    out.writeString(liveColumn[index++] == null ? MISSING : PRESENT);
                } else {
                    out.writeEndArray();
                    out.writeArrayFieldStart("event_timestamps");
                    next(Part.TIMES);
                }
            }
            case TIMES -> {
                if (index < n) {
                    StoredValue v = liveColumn[index++];
                    if (v == null) {
                        out.writeNull();
                    } else {
                        out.writeString(times.of(v.eventTimestamp()));
                    }
                } else {
                    out.writeEndArray();
                    out.writeEndObject();
                    column++;
                    next(Part.COLUMN);
                }
            }
            case END -> {
                out.writeEndArray();
                out.writeEndObject();
                out.close();
                part = Part.DONE;
            }
            default -> throw new IllegalStateException(part.name());
        }
    }

    private void next(Part p) {
        part = p;
        index = 0;
    }

    /** The current column's value for entity {@code i}, or null when there is none or it is older than the ttl. */
    private StoredValue live(int i) {
        StoredValue v = values.get(i).get(feature);
        return v == null || v.eventTimestamp().isBefore(columnOldest) ? null : v;
    }

    static Instant oldest(Duration ttl, Instant now) {
        return ttl.isZero() ? Instant.MIN : now.minus(ttl);
    }

    /** The bytes written and not yet handed out; reused from chunk to chunk. */
    private static final class Chunk extends ByteArrayOutputStream {

        Chunk(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }

        /** Empties the chunk, keeping a buffer of about {@link #CHUNK_BYTES}. */
        void restart() {
            reset();
            if (buf.length > 2 * CHUNK_BYTES) {
                buf = new byte[2 * CHUNK_BYTES];
            }
        }

        int capacity() {
            return buf.length;
        }
    }
}
