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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The served OpenAPI document is valid (swagger-parser reports nothing), names its operations and its server, and
 * every answer the API gives (200s and each error status it produces itself, 503 warming up included) matches the
 * document's schema for that operation and status (Atlassian swagger-request-validator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractIT {

    private static final String DB = "jdbc:h2:mem:openapi_contract_" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private static final String EXPLODE = "explode";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch warmingRunMayEnd = new CountDownLatch(1);
    private FStoreHarness fstore;
    private int port;
    private String spec;
    private OpenApiInteractionValidator validator;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (customer_id VARCHAR(8), total DECIMAL(8,2), n BIGINT, score DOUBLE, "
                    + "segment VARCHAR(8), vip BOOLEAN, last_seen TIMESTAMP, ts TIMESTAMP)");
            s.execute("INSERT INTO customers VALUES ('c1', 10.50, 2, 0.5, 'gold', TRUE, TIMESTAMP '2024-01-02 09:00:00',"
                    + " TIMESTAMP '2024-01-02 10:00:00'), ('c2', 7.00, 1, 1.5, 'new', FALSE, NULL, "
                    + "TIMESTAMP '2024-01-03 10:00:00')");
            s.execute("CREATE TABLE embeddings (customer_id VARCHAR(8), tags VARCHAR(8) ARRAY, counts BIGINT ARRAY, "
                    + "scores DOUBLE PRECISION ARRAY, flags BOOLEAN ARRAY, emb REAL ARRAY, ts TIMESTAMP)");
            s.execute("INSERT INTO embeddings VALUES ('c1', ARRAY['a', 'é'], ARRAY[1, -2], ARRAY[0.5], ARRAY[TRUE], "
                    + "ARRAY[0.1, -2.5, 3], TIMESTAMP '2024-01-02 10:00:00'), ('c2', CAST(ARRAY[] AS VARCHAR(8) ARRAY), "
                    + "NULL, CAST(ARRAY[] AS DOUBLE PRECISION ARRAY), ARRAY[FALSE, TRUE], ARRAY[1, 2, 3], "
                    + "TIMESTAMP '2024-01-03 10:00:00')");
        }
        Path features = Files.createDirectories(work.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT * FROM customers" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: total, type: decimal, precision: 10, scale: 2 }
                  - { name: n, type: long }
                  - { name: score, type: double }
                  - { name: segment, type: string }
                  - { name: vip, type: bool }
                  - { name: last_seen, type: timestamp }
                """);
        Files.writeString(features.resolve("emb.yaml"), """
                name: emb
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT * FROM embeddings" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: tags, type: list<string> }
                  - { name: counts, type: list<long> }
                  - { name: scores, type: list<double> }
                  - { name: flags, type: list<bool> }
                  - { name: emb, type: vector, dimension: 3 }
                """);
        Files.writeString(features.resolve("warming.yaml"), """
                name: warming
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT customer_id, n, ts FROM customers" }
                schedule: "0 0 0 1 1 ? 2099"
                run_on_start: true
                features:
                  - { name: n, type: long }
                """);
        // the harness's own port would leave camel.rest.port (resolved when the properties were loaded) at 8080
        port = FStoreHarness.freePort();
        fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB + ";NON_KEYWORDS=VALUE",
                "camel.server.port", String.valueOf(port), "camel.rest.port", String.valueOf(port),
                "fstore.api.max-entities", "5", "fstore.api.max-values-per-request", "20"),
                store -> new ContractStore(store, warmingRunMayEnd));
        fstore.run("spend");
        fstore.run("emb");
        spec = send("GET", "/openapi.json", null).body();
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    }

    @AfterAll
    void stop() {
        warmingRunMayEnd.countDown();
        if (fstore != null) {
            fstore.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_document_is_valid_openapi_with_named_operations_and_the_real_server() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(spec, null, options);

        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getServers()).extracting(s -> s.getUrl()).containsExactly("http://127.0.0.1:" + port);
        Map<String, Operation> operations = Map.of(
                "getFeatureVector", api.getPaths().get("/features/{group}/{entityId}").getGet(),
                "getFeatureVectors", api.getPaths().get("/features/{group}").getGet(),
                "getOnlineFeatures", api.getPaths().get("/features/online").getPost(),
                "listGroups", api.getPaths().get("/groups").getGet(),
                "getGroup", api.getPaths().get("/groups/{group}").getGet(),
                "startRun", api.getPaths().get("/groups/{group}/runs").getPost());
        operations.forEach((id, op) -> assertThat(op.getOperationId()).isEqualTo(id));
        assertThat(operations.get("getFeatureVectors").getParameters()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("entity_id");
            assertThat(p.getIn()).isEqualTo("query");
            assertThat(p.getRequired()).isTrue();
        });
        assertThat(operations.get("getOnlineFeatures").getRequestBody().getContent().get("application/json")
                .getSchema().get$ref()).isEqualTo("#/components/schemas/OnlineFeaturesRequest");
        assertThat(api.getComponents().getSchemas().get("OnlineFeaturesRequest").getExample()).isNotNull();
        Map<String, String> answers = Map.of("getFeatureVector", "FeatureVector", "getFeatureVectors",
                "FeatureVectors", "getOnlineFeatures", "OnlineFeaturesResponse", "listGroups", "GroupList",
                "getGroup", "GroupDetail", "startRun", "RunStarted");
        operations.forEach((id, op) -> op.getResponses().forEach((status, response) -> {
            String schema = response.getContent().get("application/json").getSchema().get$ref();
            assertThat(schema).as(id + " " + status)
                    .isEqualTo("#/components/schemas/" + (status.startsWith("2") ? answers.get(id) : "ApiError"));
        }));
        assertThat(operations.get("getOnlineFeatures").getResponses().keySet()).containsExactlyInAnyOrder(
                "200", "400", "404", "406", "408", "413", "414", "415", "431", "500", "503");
        for (String id : List.of("getFeatureVector", "getFeatureVectors", "getOnlineFeatures")) {
            assertThat(operations.get(id).getResponses().get("503").getHeaders()).containsKey("Retry-After");
        }
        assertThat(operations.get("listGroups").getResponses().keySet()).containsExactlyInAnyOrder(
                "200", "400", "406", "414", "431", "500");
        assertThat(operations.get("getGroup").getResponses().keySet()).containsExactlyInAnyOrder(
                "200", "400", "404", "406", "414", "431", "500");
        assertThat(operations.get("startRun").getResponses().keySet()).containsExactlyInAnyOrder(
                "202", "400", "404", "406", "409", "413", "414", "431", "500", "503");
        assertThat(operations.get("getGroup").getParameters()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("runs");
            assertThat(p.getIn()).isEqualTo("query");
            assertThat(p.getRequired()).isFalse();
            assertThat(p.getSchema().getType()).isEqualTo("integer");
        });
        for (String model : List.of("GroupList", "GroupSummary", "GroupDetail", "Run", "RunStarted")) {
            assertThat(api.getComponents().getSchemas().get(model).getRequired()).as(model).isNotEmpty();
        }
        // a group's lastRun is a Run or null (swagger-core alone would write a bare $ref, never null)
        io.swagger.v3.oas.models.media.Schema<?> lastRun = (io.swagger.v3.oas.models.media.Schema<?>)
                api.getComponents().getSchemas().get("GroupSummary").getProperties().get("lastRun");
        assertThat(lastRun.getNullable()).isTrue();
        assertThat(lastRun.getAllOf()).extracting(io.swagger.v3.oas.models.media.Schema::get$ref)
                .containsExactly("#/components/schemas/Run");
        assertThat(fstore.runtime().context().getRoute("api.openapi").getEndpoint().getEndpointUri())
                .startsWith("rest-api:");
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "GET|/features/spend/c1|-|200",
        "GET|/features/spend/c2|-|200",
        "GET|/features/spend?entity_id=c1,c2,nobody|-|200",
        "GET|/features/spend?entity_id=c1&entity_id=c2|-|200",
        "GET|/features/spend?customer_id=c2|-|200",
        "GET|/features/emb/c1|-|200",
        "GET|/features/emb?entity_id=c1,c2,nobody|-|200",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"c1\", \"c2\", \"nobody\"]}, \"features\": [\"emb:tags\", \"emb:counts\", \"emb:scores\", \"emb:flags\", \"emb:emb\"]}|200",
        "GET|/groups/emb|-|200",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"c1\", \"c2\", \"nobody\"]}, \"features\": [\"spend:total\", \"spend:n\", \"spend:score\", \"spend:segment\", \"spend:vip\", \"spend:last_seen\"]}|200",
        "GET|/features/spend/c1%0a|-|400",
        "GET|/features/spend?entity_id=|-|400",
        "GET|/features/spend?entity_id=c1%00|-|400",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]}}|400",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend\"]}|400",
        "GET|/features/spend/nobody|-|404",
        "GET|/features/nope/c1|-|404",
        "GET|/features/nope?entity_id=c1|-|404",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:nope\"]}|404",
        "GET|/features/spend?entity_id=a,b,c,d,e,f|-|413",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"a\", \"b\", \"c\"]}, \"features\": [\"spend:n\", \"spend:n\", \"spend:n\", \"spend:n\", \"spend:n\", \"spend:n\", \"spend:n\"]}|413",
        "GET|/features/spend/explode|-|500",
        "GET|/features/spend?entity_id=explode|-|500",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"explode\"]}, \"features\": [\"spend:n\"]}|500",
        "GET|/groups|-|200",
        "GET|/groups/spend|-|200",
        "GET|/groups/spend?runs=1|-|200",
        "GET|/groups/warming|-|200",
        "POST|/groups/spend/runs|-|202",
        "GET|/groups/spend?runs=0|-|400",
        "GET|/groups/spend?runs=x%0a|-|400",
        "GET|/groups/sp%0aend|-|400",
        "POST|/groups/sp%0aend/runs|-|400",
        "GET|/groups/nope|-|404",
        "POST|/groups/nope/runs|-|404",
        "POST|/groups/warming/runs|-|409",
        "GET|/features/warming/c1|-|503",
        "GET|/features/warming?entity_id=c1|-|503",
        "POST|/features/online|{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\", \"warming:n\"]}|503",
    })
    void every_answer_matches_the_documented_schema_of_its_operation_and_status(String method, String path,
                                                                               String body, int status)
            throws Exception {
        HttpResponse<String> r = send(method, path, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        SimpleResponse.Builder response = SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
        r.headers().map().forEach(response::withHeader);
        Request.Method verb = Request.Method.valueOf(method);
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        ValidationReport report = validator.validateResponse(pathOnly, verb, response.build());
        if (status / 100 == 2) { // a good request must match the document too
            SimpleRequest.Builder request = new SimpleRequest.Builder(method, pathOnly)
                    .withAccept("application/json");
            if (body != null) {
                request.withContentType("application/json").withBody(body);
            }
            if (path.contains("?")) {
                for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
                    request.withQueryParam(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            if (!path.contains("?customer_id=")) { // the entity key as parameter name is an undeclared alias
                report = report.merge(validator.validateRequest(request.build()));
            }
        }

        assertThat(report.getMessages()).as(r.body()).isEmpty();
        if (status == 503) {
            assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("warming_up");
        }
        if (status == 500) {
            assertThat(r.body()).doesNotContain(ContractStore.SECRET);
        }
    }

    @Test
    void list_and_vector_features_are_served_as_json_arrays() throws Exception {
        JsonNode c1 = json.readTree(send("GET", "/features/emb/c1", null).body()).get("features");
        JsonNode c2 = json.readTree(send("GET", "/features/emb/c2", null).body()).get("features");

        assertThat(c1.get("tags").toString()).isEqualTo("{\"type\":\"list<string>\",\"status\":\"present\","
                + "\"value\":[\"a\",\"é\"],\"event_timestamp\":\"2024-01-02T10:00:00Z\"}");
        assertThat(c1.get("counts").get("value").toString()).isEqualTo("[1,-2]");
        assertThat(c1.get("scores").get("value").toString()).isEqualTo("[0.5]");
        assertThat(c1.get("flags").get("value").toString()).isEqualTo("[true]");
        assertThat(c1.get("emb").get("type").asText()).isEqualTo("vector");
        assertThat(send("GET", "/features/emb/c1", null).body()).contains("\"value\":[0.1,-2.5,3.0]");
        assertThat(c2.get("tags").get("value").toString()).isEqualTo("[]");
        assertThat(c2.get("counts").get("value").isNull()).isTrue();
        assertThat(c2.get("scores").get("value").toString()).isEqualTo("[]");
        assertThat(c2.get("flags").get("value").toString()).isEqualTo("[false,true]");
        assertThat(json.readTree(send("GET", "/groups/emb", null).body()).get("features").toString())
                .contains("{\"name\":\"emb\",\"type\":\"vector\",\"dimension\":3}")
                .contains("{\"name\":\"tags\",\"type\":\"list<string>\"}");
        for (String wrong : List.of("[{\"nested\": 1}]", "[[1]]", "{\"x\": [1]}")) {
            String body = "{\"feature_group\": \"emb\", \"customer_id\": \"c1\", \"status\": \"present\", "
                    + "\"features\": {\"emb\": {\"type\": \"vector\", \"status\": \"present\", \"value\": " + wrong
                    + ", \"event_timestamp\": null}}}";
            assertThat(validator.validateResponse("/features/emb/c1", Request.Method.GET, SimpleResponse.Builder.ok()
                    .withContentType("application/json").withBody(body).build()).hasErrors()).as(wrong).isTrue();
        }
    }

    @Test
    void the_check_catches_an_answer_that_contradicts_the_document() {
        Set<String> problems = new TreeSet<>();
        for (String wrong : List.of(
                "{\"feature_group\": \"spend\", \"status\": \"present\"}",
                "{\"feature_group\": \"spend\", \"status\": \"gone\", \"features\": {}}",
                "{\"feature_group\": \"spend\", \"status\": \"present\", \"features\": {\"n\": {\"type\": \"long\", "
                        + "\"status\": \"present\", \"value\": {\"nested\": 1}, \"event_timestamp\": null}}}")) {
            ValidationReport report = validator.validateResponse("/features/spend/c1", Request.Method.GET,
                    SimpleResponse.Builder.ok().withContentType("application/json").withBody(wrong).build());
            assertThat(report.hasErrors()).as(wrong).isTrue();
            report.getMessages().forEach(m -> problems.add(m.getKey()));
        }
        String summary = "{\"name\": \"spend\", \"kind\": \"jdbc\", \"entity\": \"customer\", "
                + "\"entityKeys\": [\"customer_id\"], \"schedule\": null, \"status\": \"%s\", \"lastRun\": %s, "
                + "\"rows\": 0, \"rowsTotal\": 0, \"freshnessSeconds\": null, \"newestEventTime\": null, "
                + "\"error\": null}";
        for (String status : List.of("never_run", "unknown")) {
            assertThat(validator.validateResponse("/groups", Request.Method.GET, SimpleResponse.Builder.ok()
                    .withContentType("application/json").withBody("{\"groups\": [" + summary.formatted(status, "null")
                            + "]}").build()).getMessages()).as("the well-formed example, " + status).isEmpty();
        }
        for (String wrong : List.of(
                "{\"groups\": [{\"name\": \"spend\"}]}",
                "{\"groups\": [" + summary.formatted("asleep", "null") + "]}",
                "{\"groups\": [" + summary.formatted("failed", "{\"runId\": \"r1\"}") + "]}",
                "{\"groups\": [" + summary.formatted("failed", "\"r1\"") + "]}")) {
            ValidationReport report = validator.validateResponse("/groups", Request.Method.GET,
                    SimpleResponse.Builder.ok().withContentType("application/json").withBody(wrong).build());
            assertThat(report.hasErrors()).as(wrong).isTrue();
        }
        ValidationReport error = validator.validateResponse("/features/spend/c1", Request.Method.GET,
                SimpleResponse.Builder.status(404).withContentType("application/json")
                        .withBody("{\"error\": \"group_not_found\", \"detail\": \"x\"}").build());

        assertThat(error.hasErrors()).isTrue();
        assertThat(problems).isNotEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE) // ends the warming group's first run, which the other tests need running
    void the_warming_group_answers_once_its_first_run_ended() throws Exception {
        assertThat(send("GET", "/features/warming/c1", null).statusCode()).isEqualTo(503);

        warmingRunMayEnd.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> r = send("GET", "/features/warming/c1", null);
        while (r.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = send("GET", "/features/warming/c1", null);
        }

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode vector = json.readTree(r.body());
        assertThat(vector.at("/features/n/value").asLong()).isEqualTo(2);
        assertThat(validator.validateResponse("/features/warming/c1", Request.Method.GET,
                SimpleResponse.Builder.ok().withContentType("application/json").withBody(r.body()).build())
                .getMessages()).isEmpty();
    }

    /**
     * The real online store, with two twists: the first write of the group "warming" (its startup run) waits until
     * the test lets it end, and reads of the id "explode" fail with a message no client may see.
     */
    static final class ContractStore extends GatedWrites {

        static final String SECRET = "password=hunter2";

        ContractStore(OnlineStore delegate, CountDownLatch warmingRunMayEnd) {
            super(delegate, "warming", warmingRunMayEnd);
        }

        @Override
        public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
            if (entityIds.contains(EXPLODE)) {
                throw new IllegalStateException("cannot reach the store with " + SECRET);
            }
            return super.read(group, entityIds, features);
        }
    }
}
