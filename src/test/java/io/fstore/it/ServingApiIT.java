package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.serving.CapturedLogs;
import io.fstore.store.online.DelegatingOnlineStore;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The serving API over HTTP: batch lookups across groups, the OpenAPI document, and every error answer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingApiIT {

    private static final String DB = "jdbc:h2:mem:serving_api;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private FStoreHarness fstore;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(8), product_id VARCHAR(8), amount DECIMAL(8,2), "
                    + "ts TIMESTAMP)");
            s.execute("INSERT INTO orders VALUES ('c1', 'p1', 10.50, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('c1', 'p2', 5.25, TIMESTAMP '2024-01-02 10:00:00'), ('c2', 'p1', 7.00, TIMESTAMP '2024-01-03 10:00:00')");
        }
        Path features = Files.createDirectories(work.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), group("spend", "customer", "customer_id",
                "SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n, MAX(ts) AS ts FROM orders GROUP BY customer_id",
                "- { name: total, type: decimal, precision: 10, scale: 2 }\n  - { name: n, type: long }"));
        Files.writeString(features.resolve("last.yaml"), group("last_order", "customer", "customer_id",
                "SELECT customer_id AS entity_id, amount AS value, ts FROM orders",
                "- { name: amount, type: double }"));
        Files.writeString(features.resolve("product.yaml"), group("product_sales", "product", "product_id",
                "SELECT product_id, COUNT(*) AS sold, MAX(ts) AS ts FROM orders GROUP BY product_id",
                "- { name: sold, type: long }"));
        fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB + ";NON_KEYWORDS=VALUE",
                "fstore.api.max-entities", "5", "fstore.api.max-request-bytes", "2048"), ExplodingReads::new);
        fstore.run("spend");
        fstore.run("last_order");
        fstore.run("product_sales");
    }

    private static String group(String name, String entity, String key, String query, String features) {
        return """
                name: %s
                entity: { name: %s, key: %s }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "%s" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  %s
                """.formatted(name, entity, key, query, features);
    }

    @AfterAll
    void stop() {
        fstore.close();
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return post(fstore, body, contentType);
    }

    private HttpResponse<String> post(FStoreHarness fstore, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + "/features/online"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void one_call_serves_features_of_several_groups_for_many_entities() throws Exception {
        HttpResponse<String> r = post("""
                {"entities": {"customer_id": ["c1", "c2", "nobody"]},
                 "features": ["spend:total", "last_order:amount", "spend:n"]}""", "application/json");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("metadata").get("feature_names")).extracting(JsonNode::asText)
                .containsExactly("customer_id", "spend:total", "last_order:amount", "spend:n");
        JsonNode columns = answer.get("results");
        assertThat(columns.get(0).get("values")).extracting(JsonNode::asText).containsExactly("c1", "c2", "nobody");
        JsonNode total = columns.get(1);
        assertThat(total.get("type").asText()).isEqualTo("decimal");
        assertThat(total.get("values")).extracting(JsonNode::asText).containsExactly("15.75", "7.00", "null");
        assertThat(total.get("statuses")).extracting(JsonNode::asText).containsExactly("present", "present", "missing");
        JsonNode amount = columns.get(2);
        assertThat(amount.get("values").get(0).asDouble()).isEqualTo(5.25);
        assertThat(amount.get("values").get(1).asDouble()).isEqualTo(7.0);
        assertThat(amount.get("event_timestamps").get(0).asText()).isEqualTo("2024-01-02T10:00:00Z");
        assertThat(amount.get("event_timestamps").get(2).isNull()).isTrue();
        assertThat(columns.get(3).get("values")).extracting(JsonNode::asLong).containsExactly(2L, 1L, 0L);
        assertThat(columns.get(3).get("values").get(2).isNull()).isTrue();
    }

    @ParameterizedTest(name = "{1} {2} <- {0}")
    @CsvSource(delimiter = '|', value = {
        "{bad|400|body|invalid_json",
        "[]|400|body|invalid_body",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"], \"full_names\": true}|400|full_names|unknown_field",
        "{\"entities\": [\"c1\"], \"features\": [\"spend:n\"]}|400|entities|invalid_entities",
        "{\"entities\": {\"customer_id\": [\"c1\", 2]}, \"features\": [\"spend:n\"]}|400|entities.customer_id[1]|not_a_string",
        "{\"entities\": {\"customer_id\": []}, \"features\": [\"spend:n\"]}|400|entities.customer_id|missing_entities",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": []}|400|features|missing_features",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend\"]}|400|features[0]|bad_feature_reference",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\", \"nope:x\"]}|404|features[1]|group_not_found",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:nope\"]}|404|features[0]|feature_not_found",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\", \"product_sales:sold\"]}|400|features[1]|mixed_entities",
        "{\"entities\": {\"product_id\": [\"p1\"]}, \"features\": [\"spend:n\"]}|400|entities|wrong_entity_key",
        "{\"entities\": {\"customer_id\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}, \"features\": [\"spend:n\"]}|413|entities.customer_id|too_many_entities",
        "{\"entities\": {\"customer_id\": [\"c1\", \"c2\\r\\nX-Evil: 1\"]}, \"features\": [\"spend:n\"]}|400|entities.customer_id[1]|control_character",
        "{\"entities\": {\"customer_id\": [\"c1\\u0000\"]}, \"features\": [\"spend:n\"]}|400|entities.customer_id[0]|control_character",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\", \"spend:total\\u007f\"]}|400|features[1]|control_character",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]}xyz|400|body|invalid_json",
        "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]}{\"features\": []}|400|body|invalid_json",
    })
    void a_bad_request_answers_json_naming_the_field(String body, int status, String field, String error)
            throws Exception {
        HttpResponse<String> r = post(body, "application/json");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("error").asText()).isEqualTo(error);
        assertThat(answer.get("field").asText()).isEqualTo(field);
        assertThat(answer.get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "xyz|1|63",
        "{\"features\": []}|1|63",
        "'\n  ]'|2|3",
    })
    void trailing_content_after_the_json_body_is_refused_naming_its_position(String trailer, int line, int column)
            throws Exception {
        HttpResponse<String> r = post("{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]}"
                + trailer, "application/json");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("error").asText()).isEqualTo("invalid_json");
        assertThat(answer.get("field").asText()).isEqualTo("body");
        assertThat(answer.get("detail").asText()).contains("line " + line + ", column " + column);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/features/spend/c1%0d%0aSet-Cookie:%20evil=1|entityId",
        "/features/spend/c1%00|entityId",
        "/features/sp%0aend/c1|group",
        "/features/spend%1b|group",
        "/features/spend?customer_id=c1%0d%0aX-Evil:%201|customer_id",
        "/features/spend?entity_id=c1,c2%00|entity_id",
        "/features/spend?customer_id=c1&debug=%7f|debug",
        "/features/spend/c1?trace=%0a|trace",
    })
    void a_control_character_in_an_id_a_group_name_or_a_query_value_answers_400_naming_it(String path, String field)
            throws Exception {
        HttpResponse<String> r = fstore.get(path);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("error").asText()).isEqualTo("control_character");
        assertThat(answer.get("field").asText()).isEqualTo(field);
        assertThat(answer.get("detail").asText()).contains("U+00");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Evil")
                || h.equalsIgnoreCase("Set-Cookie") || h.equalsIgnoreCase("debug") || h.equalsIgnoreCase("trace"));
    }

    @Test
    void a_control_character_request_is_logged_at_most_once_escaped_and_counted_as_a_refusal()
            throws Exception {
        double refusedBefore = requestsCounted("api.online.many", 400);
        HttpResponse<String> r;
        try (CapturedLogs logs = new CapturedLogs()) {
            r = fstore.get("/features/spend?customer_id=c1%0d%0aX-Evil:%201");
            Thread.sleep(300); // anything logged after the answer was written

            assertThat(logs.lines()).noneMatch(l -> l.level().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
            assertThat(logs.mentioning("/features/spend")).hasSizeLessThanOrEqualTo(1)
                    .allMatch(l -> l.text().contains("customer_id=c1%0d%0aX-Evil") || l.text().contains("\\r\\n"));
            assertThat(logs.lines()).noneMatch(l -> l.text().contains("\r") || l.text().contains("X-Evil: 1"));
        }
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(requestsCounted("api.online.many", 400)).isEqualTo(refusedBefore + 1);
    }

    /** fstore_http_requests_seconds_count of one route and status (0 before the first such request). */
    private double requestsCounted(String route, int status) {
        MeterRegistry meters = fstore.runtime().context().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        Timer timer = meters.find("fstore.http.requests").tag("route", route).tag("status", String.valueOf(status))
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void an_unexpected_failure_answers_500_json_with_an_error_id_that_is_also_in_its_one_log_line() throws Exception {
        HttpResponse<String> r;
        List<CapturedLogs.Line> errors;
        try (CapturedLogs logs = new CapturedLogs()) {
            r = fstore.get("/features/spend/" + ExplodingReads.TRIGGER);
            Thread.sleep(300);
            errors = logs.lines().stream().filter(l -> l.level().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .toList();
        }

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("error").asText()).isEqualTo("internal_error");
        assertThat(answer.get("field").isNull()).isTrue();
        assertThat(r.body()).doesNotContain(ExplodingReads.SECRET).doesNotContain("IllegalStateException");
        Matcher id = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .matcher(answer.get("detail").asText());
        assertThat(id.find()).as(answer.get("detail").asText()).isTrue();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).text()).contains(id.group()).contains("GET /features/spend/" + ExplodingReads.TRIGGER)
                .doesNotContain("\n");
    }

    @Test
    void a_request_over_the_value_cap_answers_413_naming_the_property(@TempDir Path work) throws Exception {
        try (FStoreHarness big = largeLimits(work)) {
            HttpResponse<String> r = post(big, batch(1000, 101), "application/json");

            assertThat(r.statusCode()).as(r.body().substring(0, Math.min(300, r.body().length()))).isEqualTo(413);
            JsonNode answer = json.readTree(r.body());
            assertThat(answer.get("error").asText()).isEqualTo("too_many_values");
            assertThat(answer.get("detail").asText()).contains("101000").contains("100000")
                    .contains("fstore.api.max-values-per-request");
        }
    }

    @Test
    void parallel_large_requests_are_answered_in_full_at_the_cap_and_refused_over_it(@TempDir Path work)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try (FStoreHarness big = largeLimits(work)) {
            List<Future<HttpResponse<String>>> atCap = new ArrayList<>();
            List<Future<HttpResponse<String>>> overCap = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                atCap.add(pool.submit(() -> post(big, batch(1000, 100), "application/json")));
                overCap.add(pool.submit(() -> post(big, batch(1000, 4000), "application/json")));
            }
            for (Future<HttpResponse<String>> f : overCap) {
                assertThat(f.get().statusCode()).isEqualTo(413);
            }
            for (Future<HttpResponse<String>> f : atCap) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Length")).isEmpty(); // streamed, not built whole
                assertThat(r.body().length()).isGreaterThan(1 << 20);
                JsonNode results = json.readTree(r.body()).get("results");
                assertThat(results).hasSize(101);
                assertThat(results.get(0).get("values").get(999).asText()).isEqualTo("c999");
                assertThat(results.get(2).get("values")).hasSize(1000);
                assertThat(results.get(2).get("values").get(1).asText()).isEqualTo("15.75"); // c1's total
                assertThat(results.get(2).get("statuses").get(0).asText()).isEqualTo("missing"); // no c0
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** FStore with the default request limits, serving the same groups. */
    private FStoreHarness largeLimits(Path work) throws Exception {
        Path features = Files.createDirectories(work.resolve("features"));
        try (var files = Files.list(fstore.featuresDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, features.resolve(f.getFileName()));
            }
        }
        FStoreHarness big = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB + ";NON_KEYWORDS=VALUE"));
        big.run("spend");
        return big;
    }

    /** A POST body of ids c0.. and as many feature references, alternating spend:n and spend:total. */
    private static String batch(int ids, int features) {
        StringBuilder b = new StringBuilder("{\"entities\": {\"customer_id\": [");
        for (int i = 0; i < ids; i++) {
            b.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
        }
        b.append("]}, \"features\": [");
        for (int i = 0; i < features; i++) {
            b.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "\"spend:n\"" : "\"spend:total\"");
        }
        return b.append("]}").toString();
    }

    @Test
    void a_body_over_the_size_limit_is_refused_with_413() throws Exception {
        String ids = "\"x\",".repeat(600);
        HttpResponse<String> r = post("{\"entities\": {\"customer_id\": [" + ids + "\"x\"]}, \"features\": [\"spend:n\"]}",
                "application/json");

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json.readTree(r.body()).get("field").asText()).isEqualTo("body");
    }

    @Test
    void a_body_that_is_not_json_is_refused_with_415() throws Exception {
        assertThat(post("customer_id=c1", "application/x-www-form-urlencoded").statusCode()).isEqualTo(415);
    }

    @Test
    void the_get_forms_answer_and_refuse_as_documented() throws Exception {
        assertThat(fstore.getJson("/features/spend/c2").get("features").get("n").get("value").asLong()).isEqualTo(1);
        assertThat(fstore.get("/features/spend").statusCode()).isEqualTo(400);
        HttpResponse<String> tooMany = fstore.get("/features/spend?customer_id=a,b,c,d,e,f");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(json.readTree(tooMany.body()).get("field").asText()).isEqualTo("customer_id");
    }

    /** The real online store, whose reads fail (with a message no client may see) when the id TRIGGER is asked for. */
    static final class ExplodingReads extends DelegatingOnlineStore {

        static final String TRIGGER = "explode";
        static final String SECRET = "jdbc:postgresql://db-7.internal password=hunter2";

        ExplodingReads(OnlineStore delegate) {
            super(delegate);
        }

        @Override
        public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
            if (entityIds.contains(TRIGGER)) {
                throw new IllegalStateException("cannot reach " + SECRET + "\nsecond line");
            }
            return delegate.read(group, entityIds, features);
        }
    }

    @Test
    void the_openapi_document_describes_every_operation() throws Exception {
        JsonNode doc = fstore.getJson("/openapi.json");

        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/features/online")).isTrue();
        assertThat(doc.get("paths").get("/features/online").has("post")).isTrue();
        assertThat(doc.get("paths").get("/features/{group}/{entityId}").has("get")).isTrue();
        assertThat(doc.get("paths").get("/features/{group}").has("get")).isTrue();
    }
}
