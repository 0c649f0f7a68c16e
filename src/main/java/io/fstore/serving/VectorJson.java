package io.fstore.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.fstore.model.Feature;
import io.fstore.model.FloatVector;
import io.fstore.store.online.StoredValue;

/**
 * The JSON of the GET answers, written with a streaming generator straight from the stored values: no map per
 * feature, and each event time formatted once per answer (the features of one row share it). The bytes are the same
 * as those of the maps {@link OnlineLookup#one} and {@link OnlineLookup#many} describe ({@code VectorJsonTest}).
 */
final class VectorJson {

    interface Body {
        void write(Writer out) throws IOException;
    }

    /** A generator and the times written so far. */
    static final class Writer {
        final JsonGenerator out;
        private final TimeTexts times = new TimeTexts();

        Writer(JsonGenerator out) {
            this.out = out;
        }
    }

    private VectorJson() {
    }

    static byte[] write(JsonFactory json, Body body) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(json._getBufferRecycler(), 8_192)) {
            try (JsonGenerator out = json.createGenerator(bytes)) {
                body.write(new Writer(out));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"feature_group": ..., "results": [vector, ...]}} */
    static void vectors(Writer w, String group, List<OnlineLookup.Vector> vectors) throws IOException {
        w.out.writeStartObject();
        w.out.writeStringField("feature_group", group);
        w.out.writeArrayFieldStart("results");
        for (OnlineLookup.Vector v : vectors) {
            vector(w, v);
        }
        w.out.writeEndArray();
        w.out.writeEndObject();
    }

    /** {@code {"feature_group", <entity key>, "status", "features": {name: {type, status, value, event_timestamp}}}} */
    static void vector(Writer w, OnlineLookup.Vector vector) throws IOException {
        JsonGenerator out = w.out;
        out.writeStartObject();
        out.writeStringField("feature_group", vector.group().name());
        out.writeStringField(vector.group().entity().key(), vector.entityId());
        out.writeStringField("status", vector.any() ? "present" : "missing");
        out.writeObjectFieldStart("features");
        List<Feature> features = vector.group().features();
        for (int f = 0; f < features.size(); f++) {
            StoredValue v = vector.values()[f];
            out.writeObjectFieldStart(features.get(f).name());
            out.writeStringField("type", features.get(f).type().yamlName());
            if (v == null) {
                out.writeStringField("status", "missing");
                out.writeNullField("value");
                out.writeNullField("event_timestamp");
            } else {
                out.writeStringField("status", "present");
                out.writeFieldName("value");
                value(out, v.value(), w.times);
                out.writeFieldName("event_timestamp");
                out.writeString(w.times.of(v.eventTimestamp()));
            }
            out.writeEndObject();
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    /**
     * A feature value as Jackson's ObjectMapper writes the typed values (the GET answers and the columns of
     * {@link BatchAnswer}); decimals as strings so no client loses digits, timestamps as ISO-8601 UTC, each formatted
     * once per answer through {@code times}; a list as a JSON array of its elements written the same way, a vector as
     * a JSON array of numbers, each float as the shortest text that reads back as that float (0.1f as 0.1, when
     * {@code out} has Jackson's fast writer, as {@link OnlineLookup}'s has). Scalars are tested first: a list or
     * vector costs them nothing.
     */
    static void value(JsonGenerator out, Object value, TimeTexts times) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof Integer i) {
            out.writeNumber(i);
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            out.writeString(d.toPlainString());
        } else if (value instanceof Instant i) {
            out.writeString(times.of(i));
        } else if (value instanceof FloatVector v) {
            float[] floats = v.values();
            out.writeStartArray(v, floats.length);
            for (float f : floats) {
                out.writeNumber(f);
            }
            out.writeEndArray();
        } else if (value instanceof List<?> list) {
            out.writeStartArray(list, list.size());
            for (int i = 0; i < list.size(); i++) {
                value(out, list.get(i), times);
            }
            out.writeEndArray();
        } else if (value instanceof Float f) {
            out.writeNumber(f);
        } else {
            out.writeString(value.toString());
        }
    }
}
