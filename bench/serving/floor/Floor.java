import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Bench floor (not product code): the least a server must do to answer FStore's two lookups over HTTP. Vert.x core,
 * RocksDB with FStore's options, Jackson streaming, no Camel. One value per entity: event time (micros) then the
 * doubles, 8 bytes each; the feature names live in the schema (f0..fN-1), not in the values. Answers the same JSON as
 * FStore's {@code GET /features/{group}/{entityId}} and {@code POST /features/online}.
 *
 * <pre>
 *   java Floor load DIR ENTITIES FEATURES EVENT_TIME      # fills DIR like LoadOnlineStore fills FStore's store
 *   java Floor serve DIR FEATURES PORT loop|hop           # loop: answers on the event loop; hop: executeBlocking
 * </pre>
 */
public class Floor {

    static final String GROUP = "bench";
    static final String KEY = "customer_id";
    /** Writes doubles as FStore does (Jackson's fast writer). */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    static {
        RocksDB.loadLibrary();
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("load")) {
            load(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Instant.parse(args[4]));
        } else {
            serve(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4].equals("hop"));
        }
    }

    /** FStore's RocksDB options (EmbeddedOnlineStore): bloom filter, 128 MiB block cache, 64 MiB write buffer. */
    static RocksDB open(Path dir) throws Exception {
        Files.createDirectories(dir);
        Options options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setFilterPolicy(new BloomFilter(10))
                        .setBlockCache(new LRUCache(128L << 20)))
                .setWriteBufferSize(64L << 20)
                .setMaxBackgroundJobs(2);
        return RocksDB.open(options, dir.toString());
    }

    static byte[] key(String entity) {
        return (GROUP + '\0' + entity).getBytes(StandardCharsets.UTF_8);
    }

    static void load(Path dir, int entities, int features, Instant eventTime) throws Exception {
        long start = System.nanoTime();
        long micros = eventTime.getEpochSecond() * 1_000_000L + eventTime.getNano() / 1_000;
        try (RocksDB db = open(dir); WriteOptions wo = new WriteOptions()) {
            for (int from = 0; from < entities; from += 5_000) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int e = from; e < Math.min(entities, from + 5_000); e++) {
                        ByteBuffer value = ByteBuffer.allocate(8 + 8 * features).putLong(micros);
                        for (int f = 0; f < features; f++) {
                            value.putDouble(e * 0.001 + f); // the values LoadOnlineStore writes
                        }
                        batch.put(key("c" + e), value.array());
                    }
                    db.write(wo, batch);
                }
            }
        }
        System.out.printf("floor: loaded %d entities x %d features in %.1f s%n", entities, features,
                (System.nanoTime() - start) / 1e9);
    }

    static void serve(Path dir, int features, int port, boolean hop) throws Exception {
        RocksDB db = open(dir);
        String[] names = new String[features];
        Map<String, Integer> refs = new HashMap<>();
        for (int f = 0; f < features; f++) {
            names[f] = "f" + f;
            refs.put(GROUP + ":f" + f, f);
        }
        Vertx vertx = Vertx.vertx();
        // one HttpServer: one event loop, as camel-platform-http has it
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(req -> {
            String path = req.path();
            if (req.method().name().equals("GET") && path.startsWith("/features/" + GROUP + "/")) {
                String entity = path.substring(("/features/" + GROUP + "/").length());
                answer(req, hop, () -> one(db, names, entity));
            } else if (req.method().name().equals("POST") && path.equals("/features/online")) {
                req.body().onSuccess(body -> answer(req, hop, () -> batch(db, refs, body)))
                        .onFailure(e -> req.response().setStatusCode(400).end());
            } else {
                req.response().setStatusCode(404).end();
            }
        }).listen().toCompletionStage().toCompletableFuture().get();
        System.out.println("floor: listening on " + port + (hop ? " (executeBlocking hop)" : " (event loop)"));
    }

    /** A status and a body, or null for 404. */
    record Answer(int status, Buffer body) {
    }

    static void answer(HttpServerRequest req, boolean hop, Callable<Answer> work) {
        if (!hop) {
            try {
                send(req, work.call());
            } catch (Exception e) {
                req.response().setStatusCode(400).end();
            }
            return;
        }
        Vertx.currentContext().owner().executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(req, ar.result());
            } else {
                req.response().setStatusCode(400).end();
            }
        });
    }

    static void send(HttpServerRequest req, Answer a) {
        req.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body());
    }

    static String time(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                .toString();
    }

    static Answer one(RocksDB db, String[] names, String entity) throws Exception {
        byte[] v = db.get(key(entity));
        Buffer out = Buffer.buffer(6 * 1024);
        try (JsonGenerator g = JSON.createGenerator(new BufferStream(out), JsonEncoding.UTF8)) {
            if (v == null) {
                g.writeStartObject();
                g.writeStringField("error", "entity_not_found");
                g.writeEndObject();
                g.close();
                return new Answer(404, out);
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            String ts = time(b.getLong()); // one event time per entity, formatted once
            g.writeStartObject();
            g.writeStringField("feature_group", GROUP);
            g.writeStringField(KEY, entity);
            g.writeStringField("status", "present");
            g.writeObjectFieldStart("features");
            for (String name : names) {
                g.writeObjectFieldStart(name);
                g.writeStringField("type", "double");
                g.writeStringField("status", "present");
                g.writeNumberField("value", b.getDouble());
                g.writeStringField("event_timestamp", ts);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return new Answer(200, out);
    }

    /** POST {"entities": {"customer_id": [...]}, "features": ["bench:f0", ...]}: FStore's column layout. */
    static Answer batch(RocksDB db, Map<String, Integer> refs, Buffer body) throws Exception {
        String key = null;
        List<String> ids = new ArrayList<>();
        List<String> features = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body.getBytes())) {
            expect(p.nextToken() == JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (field.equals("entities")) {
                    expect(p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME);
                    key = p.currentName();
                    strings(p, ids);
                    expect(p.nextToken() == JsonToken.END_OBJECT);
                } else if (field.equals("features")) {
                    strings(p, features);
                } else {
                    throw new IllegalArgumentException(field);
                }
            }
            expect(p.nextToken() == null && key != null);
        }
        int[] columns = new int[features.size()];
        for (int c = 0; c < columns.length; c++) {
            Integer f = refs.get(features.get(c));
            expect(f != null);
            columns[c] = f;
        }
        List<byte[]> keys = new ArrayList<>(ids.size());
        ids.forEach(id -> keys.add(key(id)));
        List<byte[]> values = db.multiGetAsList(keys);
        String[] times = new String[ids.size()];
        for (int i = 0; i < times.length; i++) {
            byte[] v = values.get(i);
            times[i] = v == null ? null : time(ByteBuffer.wrap(v).getLong());
        }
        Buffer out = Buffer.buffer(256 + ids.size() * (columns.length + 1) * 48);
        try (JsonGenerator g = JSON.createGenerator(new BufferStream(out), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("metadata");
            g.writeArrayFieldStart("feature_names");
            g.writeString(key);
            for (String f : features) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            g.writeStartObject();
            g.writeArrayFieldStart("values");
            for (String id : ids) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
            for (int f : columns) {
                int offset = 8 + 8 * f;
                g.writeStartObject();
                g.writeStringField("type", "double");
                g.writeArrayFieldStart("values");
                for (byte[] v : values) {
                    if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeNumber(ByteBuffer.wrap(v).getDouble(offset));
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("statuses");
                for (byte[] v : values) {
                    g.writeString(v == null ? "missing" : "present");
                }
                g.writeEndArray();
                g.writeArrayFieldStart("event_timestamps");
                for (String t : times) {
                    if (t == null) {
                        g.writeNull();
                    } else {
                        g.writeString(t);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return new Answer(200, out);
    }

    static void strings(JsonParser p, List<String> into) throws IOException {
        expect(p.nextToken() == JsonToken.START_ARRAY);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            into.add(p.getText());
        }
        expect(t == JsonToken.END_ARRAY);
    }

    static void expect(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("malformed request");
        }
    }

    /** Jackson writes straight into the response buffer. */
    static final class BufferStream extends OutputStream {
        private final Buffer out;

        BufferStream(Buffer out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.appendBytes(b, off, len);
        }
    }
}
