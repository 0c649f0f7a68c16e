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
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two GET reads answered by Vert.x handlers (fstore.api.direct-reads, the default) and by their REST DSL routes
 * (direct-reads=false) give the same answer byte for byte: status, body and every header but the date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectReadsIT {

    private static final int WIDE_FEATURES = 60;
    private static final String DB = "jdbc:h2:mem:direct_reads;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private final HttpClient http = HttpClient.newHttpClient();
    private FStoreHarness direct;
    private FStoreHarness routed;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(8), amount DECIMAL(8,2), n BIGINT, ts TIMESTAMP)");
            s.execute("INSERT INTO orders VALUES ('c1', 10.50, 3, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('c2', 7.00, NULL, TIMESTAMP '2024-01-03 10:00:00')");
        }
        direct = fstore(work.resolve("direct"), "true");
        routed = fstore(work.resolve("routed"), "false");
        for (FStoreHarness fstore : new FStoreHarness[] {direct, routed}) {
            fstore.run("spend");
            fstore.run("wide");
        }
    }

    private static FStoreHarness fstore(Path work, String directReads) throws Exception {
        Path features = Files.createDirectories(work.resolve("features"));
        for (String name : new String[] {"spend", "never_run"}) {
            Files.writeString(features.resolve(name + ".yaml"), """
                    name: %s
                    entity: { name: customer, key: customer_id }
                    source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT * FROM orders" }
                    schedule: "0 0 0 1 1 ? 2099"
                    features:
                      - { name: amount, type: decimal, precision: 10, scale: 2 }
                      - { name: n, type: long }
                    """.formatted(name));
        }
        // wide enough that an answer for many ids is larger than the part answered in one buffer: it is streamed
        StringBuilder columns = new StringBuilder();
        StringBuilder wide = new StringBuilder();
        for (int f = 0; f < WIDE_FEATURES; f++) {
            columns.append(", n + ").append(f).append(" AS f").append(f);
            wide.append("  - { name: f").append(f).append(", type: long }\n");
        }
        Files.writeString(features.resolve("wide.yaml"), """
                name: wide
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT customer_id, ts%s FROM orders" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                %s""".formatted(columns, wide));
        return new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB, "fstore.api.max-entities", "1000",
                "fstore.api.max-request-bytes", "200000", "fstore.api.direct-reads", directReads));
    }

    @AfterAll
    void stop() {
        if (direct != null) {
            direct.close();
        }
        if (routed != null) {
            routed.close();
        }
    }

    @ParameterizedTest(name = "{0} (Accept: {1})")
    @CsvSource(nullValues = "none", value = {
            "/features/spend/c1, none",
            "/features/spend/c2, application/json",
            "/features/spend/c1?x=1, '*/*'",
            "/features/spend/nobody, none",
            "/features/nope/c1, none",
            "/features/spend/c%0a1, none",
            "/features/spend/c1?q=%0d%0aX-Evil:%201, none",
            "/features/spend/c1, text/html",
            "/features/never_run/c1, none",
            "/features/spend?customer_id=c1,nobody, none",
            "/features/spend?entity_id=c2&entity_id=c1, none",
            "/features/spend?customer_id=c1&entity_id=c2, none",
            "/features/spend, none",
            "/features/spend?customer_id=, none",
            "/features/spend?customer_id=TOO_MANY, none",
            "/features/spend?customer_id=c1%0d%0aX-Evil:%201, none",
            "/features/nope?entity_id=c1, none",
            "/features/never_run?customer_id=c1, none",
            "/features/spend?customer_id=c1, text/csv",
    })
    void gets_are_answered_the_same_both_ways(String path, String accept) throws Exception {
        String ids = String.join(",", java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "c" + i).toList());
        path = path.replace("TOO_MANY", ids);
        HttpResponse<String> fast = get(direct, path, accept);
        HttpResponse<String> camel = get(routed, path, accept);

        assertSame(fast, camel);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(nullValues = "none", delimiter = '|', value = {
            "{\"entities\": {\"customer_id\": [\"c1\", \"c2\", \"x\"]}, \"features\": [\"spend:amount\", \"spend:n\"]}"
                    + " | application/json",
            "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:nope\"]} | application/json",
            "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"never_run:n\"]} | application/json",
            "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]} x | application/json",
            "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]} | text/plain",
            "{\"entities\": {\"customer_id\": [\"c\u0001\"]}, \"features\": [\"spend:n\"]} | application/json",
            "{\"entities\": {\"customer_id\": [\"c1\"]}, \"bogus\": 1} | application/json",
            " | application/json",
            "[] | application/json; charset=utf-8",
            "MANY_IDS_WIDE | application/json",
            "TOO_LARGE | application/json",
    })
    void posts_are_answered_the_same_both_ways(String body, String contentType) throws Exception {
        body = body == null ? "" : body;
        if (body.equals("MANY_IDS_WIDE")) {
            body = "{\"entities\": {\"customer_id\": [" + String.join(",", java.util.stream.IntStream.range(0, 1000)
                    .mapToObj(i -> "\"c" + i + "\"").toList()) + "]}, \"features\": [" + String.join(",",
                    java.util.stream.IntStream.range(0, WIDE_FEATURES).mapToObj(f -> "\"wide:f" + f + "\"").toList())
                    + "]}";
        } else if (body.equals("TOO_LARGE")) {
            body = "{\"entities\": {\"customer_id\": [\"" + "c".repeat(200_001) + "\"]}, \"features\": [\"spend:n\"]}";
        }
        HttpResponse<String> fast = post(direct, body, contentType);
        HttpResponse<String> camel = post(routed, body, contentType);

        assertSame(fast, camel);
    }

    @org.junit.jupiter.api.Test
    void an_answer_larger_than_one_buffer_is_streamed_whole() throws Exception {
        String body = "{\"entities\": {\"customer_id\": [" + String.join(",", java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> "\"c" + i + "\"").toList()) + "]}, \"features\": [" + String.join(",",
                java.util.stream.IntStream.range(0, WIDE_FEATURES).mapToObj(f -> "\"wide:f" + f + "\"").toList()) + "]}";
        HttpResponse<String> r = post(direct, body, "application/json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("transfer-encoding")).contains("chunked");
        assertThat(r.body().length()).isGreaterThan(1 << 20); // BatchAnswer.WHOLE_ANSWER_BYTES
        com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body());
        assertThat(answer.get("results")).hasSize(WIDE_FEATURES + 1);
        assertThat(answer.get("results").get(1).get("values").get(1).asLong()).isEqualTo(3); // c1: n = 3, f0 = n + 0
        assertThat(answer.get("results").get(WIDE_FEATURES).get("values").get(1).asLong()).isEqualTo(3 + WIDE_FEATURES - 1);
        assertThat(answer.get("results").get(1).get("statuses").get(0).asText()).isEqualTo("missing"); // c0
    }

    @org.junit.jupiter.api.Test
    void direct_reads_make_no_camel_exchange_and_routed_ones_do() throws Exception {
        long[] directBefore = exchanges(direct);
        long[] routedBefore = exchanges(routed);
        for (FStoreHarness fstore : new FStoreHarness[] {direct, routed}) {
            assertThat(get(fstore, "/features/spend/c1", null).statusCode()).isEqualTo(200);
            assertThat(get(fstore, "/features/spend?customer_id=c1", null).statusCode()).isEqualTo(200);
            assertThat(post(fstore, "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]}",
                    "application/json").statusCode()).isEqualTo(200);
        }
        long[] directAfter = exchanges(direct);
        long[] routedAfter = exchanges(routed);
        for (int i = 0; i < ROUTES.length; i++) {
            assertThat(directAfter[i] - directBefore[i]).as(ROUTES[i] + " with direct reads").isZero();
            assertThat(routedAfter[i] - routedBefore[i]).as(ROUTES[i] + " without").isEqualTo(1);
        }
    }

    private static final String[] ROUTES = {"api.online", "api.online.many", "api.online.batch"};

    /** Exchanges completed so far by each of {@link #ROUTES}. */
    private static long[] exchanges(FStoreHarness fstore) throws Exception {
        org.apache.camel.api.management.ManagedCamelContext managed = fstore.runtime().context()
                .getCamelContextExtension().getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class);
        long[] counts = new long[ROUTES.length];
        for (int i = 0; i < ROUTES.length; i++) {
            counts[i] = managed.getManagedRoute(ROUTES[i]).getExchangesTotal();
        }
        return counts;
    }

    private static void assertSame(HttpResponse<String> fast, HttpResponse<String> camel) {
        assertThat(fast.statusCode()).isEqualTo(camel.statusCode());
        assertThat(fast.body()).isEqualTo(camel.body());
        assertThat(headers(fast)).isEqualTo(headers(camel));
        assertThat(fast.headers().firstValue("content-type")).isEqualTo(Optional.of("application/json"));
    }

    private HttpResponse<String> post(FStoreHarness fstore, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + "/features/online"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(FStoreHarness fstore, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> headers(HttpResponse<String> r) {
        return new TreeMap<>(r.headers().map());
    }
}
