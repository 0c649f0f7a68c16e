package io.fstore.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Readiness;
import io.fstore.store.online.EmbeddedOnlineStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed GET answers are byte for byte what Jackson writes for the answer as maps. */
class VectorJsonTest {

    private static final Instant NOW = Instant.parse("2024-07-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-06-30T10:00:00Z");
    private static final Instant T2 = Instant.parse("2024-06-30T11:30:00.123456Z");
    private final FeatureGroup every = new FeatureGroup("every", "", new Entity("customer", "customer_id"),
            new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"), true,
            Duration.ofDays(2), List.of(Feature.of("d", ValueType.DOUBLE), Feature.of("l", ValueType.LONG),
            Feature.of("s", ValueType.STRING), Feature.of("b", ValueType.BOOL), Feature.of("t", ValueType.TIMESTAMP),
            Feature.of("m", ValueType.DECIMAL)));
    private final ObjectMapper mapper = new ObjectMapper();
    private EmbeddedOnlineStore store;
    private OnlineLookup lookup;

    @BeforeEach
    void open(@TempDir Path dir) {
        store = new EmbeddedOnlineStore(dir.resolve("online"));
        store.create(every);
        store.writeRows(every, List.of(
                new FeatureRow("c1", T1, new Object[] {1.0E-7, Long.MIN_VALUE, "é \"quoted\" \n\u2028 </script>", true,
                        T2, new BigDecimal("12345678901234567890.123456789")}),
                new FeatureRow("c2", T2, new Object[] {Double.NaN, 0L, "", false, T1, new BigDecimal("0.000000001")}),
                new FeatureRow("c3", T2, new Object[] {null, null, null, null, null, null}),
                new FeatureRow("old", NOW.minus(Duration.ofDays(3)), new Object[] {2.5, 1L, "x", true, T1, BigDecimal.ONE})),
                NOW);
        lookup = new OnlineLookup(new FeatureGroups(List.of(every)), store, Clock.fixed(NOW, ZoneOffset.UTC), 100,
                10_000, new Readiness(List.of()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void one_entity_is_written_as_jackson_writes_its_map() throws Exception {
        for (String id : List.of("c1", "c2", "c3")) {
            assertThat(new String(lookup.oneJson("every", id), StandardCharsets.UTF_8))
                    .isEqualTo(mapper.writeValueAsString(lookup.one("every", id)));
        }
    }

    private final FeatureGroup arrays = new FeatureGroup("arrays", "", new Entity("customer", "customer_id"),
            new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"), true,
            Duration.ZERO, List.of(Feature.of("l", ValueType.LIST_LONG), Feature.of("d", ValueType.LIST_DOUBLE),
            Feature.of("s", ValueType.LIST_STRING), Feature.of("b", ValueType.LIST_BOOL), Feature.vector("v", 4),
            Feature.of("e", ValueType.LIST_STRING)));

    private OnlineLookup arrays(Object[]... rows) {
        store.create(arrays);
        List<FeatureRow> written = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            written.add(new FeatureRow("a" + i, T1, rows[i]));
        }
        store.writeRows(arrays, written, NOW);
        return new OnlineLookup(new FeatureGroups(List.of(arrays)), store, Clock.fixed(NOW, ZoneOffset.UTC), 100,
                10_000, new Readiness(List.of()));
    }

    @Test
    void lists_and_vectors_are_json_arrays_of_their_elements_and_floats_their_shortest_text() {
        OnlineLookup withArrays = arrays(new Object[] {List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE),
            List.of(0.1, -0.0, 1.0E300), List.of("é \"q\"\n", ""), List.of(true, false),
            FloatVector.of(0.1f, -0.0f, 1.17549435E-38f, 3.4028235E38f), List.of()},
            new Object[] {null, null, null, null, null, null});

        assertThat(new String(withArrays.manyJson("arrays", List.of("a0", "a1"), "customer_id"), StandardCharsets.UTF_8))
                .isEqualTo("{\"feature_group\":\"arrays\",\"results\":[{\"feature_group\":\"arrays\",\"customer_id\":\"a0\","
                        + "\"status\":\"present\",\"features\":{"
                        + "\"l\":{\"type\":\"list<long>\",\"status\":\"present\","
                        + "\"value\":[-9223372036854775808,0,9223372036854775807],\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"d\":{\"type\":\"list<double>\",\"status\":\"present\",\"value\":[0.1,-0.0,1.0E300],"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"s\":{\"type\":\"list<string>\",\"status\":\"present\",\"value\":[\"é \\\"q\\\"\\n\",\"\"],"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"b\":{\"type\":\"list<bool>\",\"status\":\"present\",\"value\":[true,false],"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"v\":{\"type\":\"vector\",\"status\":\"present\","
                        + "\"value\":[0.1,-0.0,1.1754944E-38,3.4028235E38],\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"e\":{\"type\":\"list<string>\",\"status\":\"present\",\"value\":[],"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"}}},"
                        + "{\"feature_group\":\"arrays\",\"customer_id\":\"a1\",\"status\":\"present\",\"features\":{"
                        + "\"l\":{\"type\":\"list<long>\",\"status\":\"present\",\"value\":null,"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"d\":{\"type\":\"list<double>\",\"status\":\"present\",\"value\":null,"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"s\":{\"type\":\"list<string>\",\"status\":\"present\",\"value\":null,"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"b\":{\"type\":\"list<bool>\",\"status\":\"present\",\"value\":null,"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"v\":{\"type\":\"vector\",\"status\":\"present\",\"value\":null,"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"},"
                        + "\"e\":{\"type\":\"list<string>\",\"status\":\"present\",\"value\":null,"
                        + "\"event_timestamp\":\"2024-06-30T10:00:00Z\"}}}]}");
    }

    /** Where the JDK's own float text is also the shortest, the maps and the streamed answer agree byte for byte. */
    @Test
    void lists_and_vectors_are_written_as_jackson_writes_their_maps() throws Exception {
        OnlineLookup withArrays = arrays(new Object[] {List.of(1L, -2L), List.of(0.5, Double.NaN), List.of("x"),
            List.of(false), FloatVector.of(0.1f, 1.0E-5f, 123456.7f, -2.5f), List.of("☕", "")});

        assertThat(new String(withArrays.oneJson("arrays", "a0"), StandardCharsets.UTF_8))
                .isEqualTo(mapper.writeValueAsString(withArrays.one("arrays", "a0")));
    }

    @Test
    void several_entities_with_missing_and_expired_ones_are_written_as_jackson_writes_their_maps() throws Exception {
        List<String> ids = List.of("c1", "nobody", "c2", "old", "c3", "c1");
        String streamed = new String(lookup.manyJson("every", ids, "customer_id"), StandardCharsets.UTF_8);
        assertThat(streamed).isEqualTo(mapper.writeValueAsString(lookup.many("every", ids, "customer_id")));
        assertThat(mapper.readTree(streamed).path("results").get(3).path("status").asText()).isEqualTo("missing");
        assertThat(mapper.readTree(streamed).path("results").get(0).path("features").path("m").path("value").asText())
                .isEqualTo("12345678901234567890.123456789");
    }
}
