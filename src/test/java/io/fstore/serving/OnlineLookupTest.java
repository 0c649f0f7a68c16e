package io.fstore.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Lookups on a real embedded online store: readiness, limits, and what a request leaves behind. */
class OnlineLookupTest {

    private static final Instant NOW = Instant.parse("2024-07-01T00:00:00Z");
    private static final Instant T = Instant.parse("2024-06-30T10:00:00Z");
    private final FeatureGroup spend = group("spend", "customer_id", Feature.of("total", ValueType.DOUBLE),
            Feature.of("orders", ValueType.LONG));
    private final FeatureGroup warming = group("warming", "customer_id", Feature.of("score", ValueType.DOUBLE));
    private final FeatureGroup products = group("products", "product_id", Feature.of("sold", ValueType.LONG));
    private EmbeddedOnlineStore store;

    @BeforeEach
    void open(@TempDir Path dir) {
        store = new EmbeddedOnlineStore(dir.resolve("online"));
        store.writeRows(spend, List.of(new FeatureRow("c1", T, new Object[] {10.5, 3L})), NOW);
        store.writeRows(warming, List.of(new FeatureRow("c1", T, new Object[] {0.7})), NOW);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static FeatureGroup group(String name, String key, Feature... features) {
        return new FeatureGroup(name, "", new Entity(key.replace("_id", ""), key),
                new SourceSpec("jdbc", "dw", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"),
                true, Duration.ZERO, List.of(features));
    }

    private OnlineLookup lookup(int maxEntities, int maxValues, String... warmingUp) {
        return new OnlineLookup(new FeatureGroups(List.of(spend, warming, products)), store,
                Clock.fixed(NOW, ZoneOffset.UTC), maxEntities, maxValues, new Readiness(List.of(warmingUp)));
    }

    @Test
    void a_group_warming_up_answers_503_with_retry_after_on_every_read_and_the_others_answer() throws Exception {
        OnlineLookup lookup = lookup(10, 100, "warming");

        assertThatThrownBy(() -> lookup.one("warming", "c1")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.error()).isEqualTo("warming_up");
            assertThat(e.field()).isEqualTo("group");
            assertThat(e.retryAfterSeconds()).isEqualTo(OnlineLookup.WARMING_UP_RETRY_SECONDS);
            assertThat(e.getMessage()).contains("'warming'");
        });
        assertThatThrownBy(() -> lookup.many("warming", List.of("c1"), "customer_id"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThatThrownBy(() -> lookup.batch("customer_id", List.of("c1"), List.of("spend:total", "warming:score")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.field()).isEqualTo("features[1]");
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
        assertThat(lookup.one("spend", "c1")).containsEntry("status", "present");
        assertThat(json(lookup.batch("customer_id", List.of("c1"), List.of("spend:total")))
                .at("/results/1/values/0").asDouble()).isEqualTo(10.5);
    }

    @Test
    void a_batch_of_list_and_vector_features_answers_json_arrays_read_from_the_store() {
        FeatureGroup embeddings = group("emb", "customer_id", Feature.vector("v", 2),
                Feature.of("flags", ValueType.LIST_BOOL), Feature.of("scores", ValueType.LIST_DOUBLE));
        store.writeRows(embeddings, List.of(
                new FeatureRow("c1", T, new Object[] {FloatVector.of(1.17549435E-38f, 0.1f), List.of(true), List.of()}),
                new FeatureRow("c2", T, new Object[] {FloatVector.of(-1f, 1e-3f), List.of(), List.of(-0.5, 1e-7)})),
                NOW);
        OnlineLookup lookup = new OnlineLookup(new FeatureGroups(List.of(spend, embeddings)), store,
                Clock.fixed(NOW, ZoneOffset.UTC), 10, 100, new Readiness(List.of()));

        Object body = lookup.batch("customer_id", List.of("c2", "c1", "c3"), List.of("emb:v", "emb:scores", "emb:flags"));

        assertThat(StandardCharsets.UTF_8.decode((ByteBuffer) body).toString()).isEqualTo("{\"metadata\":{"
                + "\"feature_names\":[\"customer_id\",\"emb:v\",\"emb:scores\",\"emb:flags\"]},\"results\":["
                + "{\"values\":[\"c2\",\"c1\",\"c3\"]},"
                + "{\"type\":\"vector\",\"values\":[[-1.0,0.001],[1.1754944E-38,0.1],null],"
                + "\"statuses\":[\"present\",\"present\",\"missing\"],"
                + "\"event_timestamps\":[\"2024-06-30T10:00:00Z\",\"2024-06-30T10:00:00Z\",null]},"
                + "{\"type\":\"list<double>\",\"values\":[[-0.5,1.0E-7],[],null],"
                + "\"statuses\":[\"present\",\"present\",\"missing\"],"
                + "\"event_timestamps\":[\"2024-06-30T10:00:00Z\",\"2024-06-30T10:00:00Z\",null]},"
                + "{\"type\":\"list<bool>\",\"values\":[[],[true],null],"
                + "\"statuses\":[\"present\",\"present\",\"missing\"],"
                + "\"event_timestamps\":[\"2024-06-30T10:00:00Z\",\"2024-06-30T10:00:00Z\",null]}]}");
        assertThat(new String(lookup.oneJson("emb", "c1"), StandardCharsets.UTF_8))
                .contains("\"v\":{\"type\":\"vector\",\"status\":\"present\",\"value\":[1.1754944E-38,0.1],");
    }

    @Test
    void a_group_is_served_once_its_first_run_ended() {
        Readiness readiness = new Readiness(List.of("warming"));
        OnlineLookup lookup = new OnlineLookup(new FeatureGroups(List.of(spend, warming)), store,
                Clock.fixed(NOW, ZoneOffset.UTC), 10, 100, readiness);
        assertThatThrownBy(() -> lookup.one("warming", "c1")).isInstanceOf(ApiException.class);

        readiness.runEnded("warming");

        assertThat(lookup.one("warming", "c1")).containsEntry("status", "present");
    }

    @Test
    void a_warming_group_still_refuses_a_bad_request_with_its_own_error_first() {
        OnlineLookup lookup = lookup(10, 100, "warming");

        assertThatThrownBy(() -> lookup.many("warming", List.of(), "entity_id"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> lookup.batch("customer_id", List.of("c1"), List.of("warming:nope")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> lookup.one("nope", "c1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void ids_times_features_above_the_cap_are_refused_naming_the_property() {
        OnlineLookup lookup = lookup(10, 20);

        assertThat(json(lookup.batch("customer_id", List.of("c1", "c2", "c3", "c4"),
                List.of("spend:total", "spend:orders", "spend:total", "spend:orders", "spend:total")))
                .get("results")).hasSize(6);
        assertThatThrownBy(() -> lookup.batch("customer_id", List.of("c1", "c2", "c3", "c4", "c5"),
                List.of("spend:total", "spend:orders", "spend:total", "spend:orders", "spend:nope")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.error()).isEqualTo("too_many_values");
                    assertThat(e.getMessage()).contains("5 entities x 5 features = 25 values")
                            .contains("at most 20").contains("fstore.api.max-values-per-request");
                });
    }

    @Test
    void many_distinct_feature_lists_leave_nothing_of_themselves_behind_whether_they_fail_or_not()
            throws Exception {
        OnlineLookup lookup = lookup(10, 100_000);
        List<WeakReference<String>> refs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            List<String> features = new ArrayList<>(Collections.nCopies(1 + i % 50, "spend:orders"));
            features.add(new String("spend:total".toCharArray())); // a string of this request only
            refs.add(new WeakReference<>(features.get(features.size() - 1)));
            switch (i % 4) {
                case 0 -> assertThatThrownBy(() -> lookup.batch("product_id", List.of("p1"), features))
                        .hasMessageContaining("keyed by customer_id"); // 400 wrong_entity_key
                case 1 -> assertThatThrownBy(() -> lookup.batch("customer_id", List.of(), features))
                        .hasMessageContaining("give one or more"); // 400 missing_entities
                case 2 -> {
                    features.add("spend:nope");
                    assertThatThrownBy(() -> lookup.batch("customer_id", List.of("c1"), features))
                            .hasMessageContaining("no feature 'nope'"); // 404
                }
                default -> assertThat(lookup.batch("customer_id", List.of("c1"), features)).isNotNull();
            }
        }

        for (int attempt = 0; attempt < 10 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            Thread.sleep(50);
        }

        assertThat(refs.stream().filter(r -> r.get() != null).count()).isZero();
    }

    private static JsonNode json(Object body) {
        try {
            return new ObjectMapper().readTree(StandardCharsets.UTF_8.decode((ByteBuffer) body).toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
