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
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
    void start() throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(8), product_id VARCHAR(8), amount DECIMAL(8,2), "
                    + "ts TIMESTAMP)");
            s.execute("INSERT INTO orders VALUES ('c1', 'p1', 10.50, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('c1', 'p2', 5.25, TIMESTAMP '2024-01-02 10:00:00'), ('c2', 'p1', 7.00, TIMESTAMP '2024-01-03 10:00:00')");
        }
        Path work = Files.createTempDirectory("fstore-api");
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
                "fstore.api.max-entities", "5", "fstore.api.max-request-bytes", "2048"));
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
