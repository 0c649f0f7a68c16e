package io.fstore.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FloatVector;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.store.online.StoredValue;
import org.junit.jupiter.api.Test;

/** The POST answer: one buffer when small, else written while it is read, never held whole. */
class BatchAnswerTest {

    private static final Instant NOW = Instant.parse("2024-07-01T00:00:00Z");
    private static final Instant T = Instant.parse("2024-06-30T10:00:00Z");
    private final FeatureGroup group = new FeatureGroup("spend", "", new Entity("customer", "customer_id"),
            new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"), false,
            Duration.ofDays(1), List.of(Feature.of("total", ValueType.DECIMAL), Feature.of("orders", ValueType.LONG),
            Feature.of("name", ValueType.STRING)));
    private final FeatureRefs.Index index = FeatureRefs.Index.of(List.of(group));

    /** Entity i has total i.25, orders i, a name, except every third entity (no values) and entity 1 (too old). */
    private BatchAnswer answer(int entities, List<String> refs) {
        List<String> ids = IntStream.range(0, entities).mapToObj(i -> "c" + i).toList();
        List<Map<String, StoredValue>> values = new ArrayList<>(entities);
        for (int i = 0; i < entities; i++) {
            Map<String, StoredValue> v = new HashMap<>();
            Instant at = i == 1 ? NOW.minus(Duration.ofDays(2)) : T;
            if (i % 3 != 0) {
                v.put("total", new StoredValue(new java.math.BigDecimal(i + ".25"), at));
                v.put("orders", new StoredValue((long) i, at));
                v.put("name", new StoredValue("name \"" + i + "\"", at));
            }
            values.add(v);
        }
        return new BatchAnswer(new JsonFactory(), "customer_id", ids, FeatureRefs.resolve(index, refs),
                Map.of("spend", values), NOW);
    }

    @Test
    void a_small_answer_is_one_buffer_of_json_in_columns() throws Exception {
        Object body = answer(3, List.of("spend:orders", "spend:total", "spend:name")).body();

        assertThat(body).isInstanceOf(ByteBuffer.class);
        JsonNode json = new ObjectMapper().readTree(StandardCharsets.UTF_8.decode((ByteBuffer) body).toString());
        assertThat(json.at("/metadata/feature_names").toString())
                .isEqualTo("[\"customer_id\",\"spend:orders\",\"spend:total\",\"spend:name\"]");
        assertThat(json.at("/results/0/values").toString()).isEqualTo("[\"c0\",\"c1\",\"c2\"]");
        assertThat(json.at("/results/1").toString()).isEqualTo("{\"type\":\"long\",\"values\":[null,null,2],"
                + "\"statuses\":[\"missing\",\"missing\",\"present\"],"
                + "\"event_timestamps\":[null,null,\"2024-06-30T10:00:00Z\"]}");
        assertThat(json.at("/results/2/values").toString()).isEqualTo("[null,null,\"2.25\"]");
        assertThat(json.at("/results/3/values/2").asText()).isEqualTo("name \"2\"");
    }

    @Test
    void a_large_answer_is_written_while_it_is_read_and_never_held_whole() throws Exception {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refs.add(List.of("spend:total", "spend:orders", "spend:name").get(i % 3));
        }
        BatchAnswer answer = answer(20_000, refs);

        Object body = answer.body();
        assertThat(body).isInstanceOf(InputStream.class);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192]; // as the HTTP server reads it
        int mostHeldAfterFirstPart = 0;
        for (int n; (n = ((InputStream) body).read(buffer, 0, buffer.length)) >= 0; ) {
            received.write(buffer, 0, n);
            if (received.size() > 2 * BatchAnswer.WHOLE_ANSWER_BYTES) {
                mostHeldAfterFirstPart = Math.max(mostHeldAfterFirstPart, answer.bufferedBytes());
            }
        }

        assertThat(received.size()).isGreaterThan(10_000_000);
        // the first part (up to WHOLE_ANSWER_BYTES) is written at once, then about a chunk at a time
        assertThat(mostHeldAfterFirstPart).isPositive().isLessThanOrEqualTo(4 * BatchAnswer.CHUNK_BYTES);
        JsonNode json = new ObjectMapper().readTree(received.toByteArray());
        assertThat(json.get("results")).hasSize(31);
        assertThat(json.at("/results/0/values")).hasSize(20_000);
        assertThat(json.at("/results/0/values/19999").asText()).isEqualTo("c19999");
        JsonNode total = json.at("/results/1");
        assertThat(total.get("type").asText()).isEqualTo("decimal");
        assertThat(total.at("/values/19999").asText()).isEqualTo("19999.25");
        assertThat(total.at("/statuses/19998").asText()).isEqualTo("missing"); // 19998 % 3 == 0
        assertThat(total.at("/statuses/1").asText()).isEqualTo("missing"); // older than the ttl
        assertThat(json.at("/results/30/values/19997").asText()).isEqualTo("name \"19997\"");
        assertThat(json.at("/results/29/event_timestamps/19997").asText()).isEqualTo("2024-06-30T10:00:00Z");
        assertThat(((InputStream) body).read(buffer, 0, 1)).isEqualTo(-1);
    }
    private final FeatureGroup embeddings = new FeatureGroup("emb", "", new Entity("customer", "customer_id"),
            new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"), false,
            Duration.ZERO, List.of(Feature.vector("v", 3), Feature.of("tags", ValueType.LIST_STRING),
            Feature.of("counts", ValueType.LIST_LONG)));
    private final JsonFactory fast = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private BatchAnswer embeddings(List<String> ids, List<Map<String, StoredValue>> values, List<String> refs) {
        return new BatchAnswer(fast, "customer_id", ids, FeatureRefs.resolve(FeatureRefs.Index.of(List.of(embeddings)),
                refs), Map.of("emb", values), NOW);
    }

    @Test
    void list_and_vector_columns_hold_json_arrays_and_floats_in_their_shortest_text() {
        List<Map<String, StoredValue>> values = List.of(
                Map.of("v", new StoredValue(FloatVector.of(0.1f, -0.0f, 2.82879384806159E17f), T),
                        "tags", new StoredValue(List.of("a", "é\t"), T), "counts", new StoredValue(List.of(), T)),
                Map.of(),
                Map.of("v", new StoredValue(null, T), "tags", new StoredValue(List.of(), T),
                        "counts", new StoredValue(List.of(Long.MAX_VALUE), T)));

        Object body = embeddings(List.of("c0", "c1", "c2"), values, List.of("emb:v", "emb:tags", "emb:counts")).body();

        assertThat(StandardCharsets.UTF_8.decode((ByteBuffer) body).toString()).isEqualTo("{\"metadata\":{"
                + "\"feature_names\":[\"customer_id\",\"emb:v\",\"emb:tags\",\"emb:counts\"]},\"results\":["
                + "{\"values\":[\"c0\",\"c1\",\"c2\"]},"
                + "{\"type\":\"vector\",\"values\":[[0.1,-0.0,2.8287938E17],null,null],"
                + "\"statuses\":[\"present\",\"missing\",\"present\"],"
                + "\"event_timestamps\":[\"2024-06-30T10:00:00Z\",null,\"2024-06-30T10:00:00Z\"]},"
                + "{\"type\":\"list<string>\",\"values\":[[\"a\",\"é\\t\"],null,[]],"
                + "\"statuses\":[\"present\",\"missing\",\"present\"],"
                + "\"event_timestamps\":[\"2024-06-30T10:00:00Z\",null,\"2024-06-30T10:00:00Z\"]},"
                + "{\"type\":\"list<long>\",\"values\":[[],null,[9223372036854775807]],"
                + "\"statuses\":[\"present\",\"missing\",\"present\"],"
                + "\"event_timestamps\":[\"2024-06-30T10:00:00Z\",null,\"2024-06-30T10:00:00Z\"]}]}");
    }

    /** 768-float vectors past the whole-answer size: streamed chunk by chunk, each vector whole and exact. */
    @Test
    void a_large_answer_of_vectors_streams_every_vector_whole() throws Exception {
        int n = 400;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
        List<Map<String, StoredValue>> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] floats = new float[768];
            for (int k = 0; k < floats.length; k++) {
                floats[k] = (float) Math.sin(i * 768 + k);
            }
            values.add(Map.of("v", new StoredValue(FloatVector.of(floats), T)));
        }

        Object body = embeddings(ids, values, List.of("emb:v")).body();

        assertThat(body).isInstanceOf(InputStream.class);
        JsonNode json = new ObjectMapper().readTree((InputStream) body);
        JsonNode vectors = json.at("/results/1/values");
        assertThat(vectors).hasSize(n);
        for (int i = 0; i < n; i += 37) {
            assertThat(vectors.get(i)).hasSize(768);
            for (int k = 0; k < 768; k += 101) {
                assertThat(Float.parseFloat(vectors.get(i).get(k).asText())).as("c%d[%d]", i, k)
                        .isEqualTo((float) Math.sin(i * 768 + k));
            }
        }
    }
}
