package io.fstore.probe11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Review probes of issue #11: the direct-read handlers (fstore.api.direct-reads=true) against the REST DSL routes
 * (false) for inputs DirectReadsIT does not cover: other methods on the three paths, percent-encoded and unicode ids,
 * commas, repeated and differently cased parameters, request headers and query parameters named like path
 * parameters or the entity key, headers that could be reflected, Content-Type variants, and a body sent slowly.
 * Every case must be answered the same both ways (status, body, headers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectReadsParityProbeIT {

    private static final String DB = "jdbc:h2:mem:probe11_parity;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private static final String POST_ONE = "{\"entities\": {\"customer_id\": [\"c1\"]}, \"features\": [\"spend:n\"]}";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FStoreHarness direct;
    private FStoreHarness routed;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(16), n BIGINT, ts TIMESTAMP)");
            s.execute("INSERT INTO orders VALUES ('c1', 1, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('c2', 2, TIMESTAMP '2024-01-01 10:00:00'), ('é☃', 3, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('a,b', 4, TIMESTAMP '2024-01-01 10:00:00'), ('a/b', 5, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('a b', 6, TIMESTAMP '2024-01-01 10:00:00'), ('a+b', 7, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('%41', 8, TIMESTAMP '2024-01-01 10:00:00')");
        }
        direct = fstore(work.resolve("direct"), "true");
        routed = fstore(work.resolve("routed"), "false");
        direct.run("spend");
        routed.run("spend");
    }

    private static FStoreHarness fstore(Path work, String directReads) throws Exception {
        Path features = Files.createDirectories(work.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT * FROM orders" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: n, type: long }
                """);
        return new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB, "fstore.api.direct-reads", directReads,
                "fstore.http.body-timeout", "1s"));
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

    /** method, path, request headers (name: value; ...), body (POST/PUT only). */
    static Stream<Arguments> cases() {
        return Stream.of(
                // other methods on the three paths: 405 with the same Allow
                Arguments.of("HEAD", "/features/spend/c1", "", null),
                Arguments.of("OPTIONS", "/features/spend/c1", "", null),
                Arguments.of("PUT", "/features/spend/c1", "Content-Type: application/json", "{}"),
                Arguments.of("DELETE", "/features/spend/c1", "", null),
                Arguments.of("HEAD", "/features/spend?customer_id=c1", "", null),
                Arguments.of("PATCH", "/features/spend?customer_id=c1", "Content-Type: application/json", "{}"),
                Arguments.of("PUT", "/features/online", "Content-Type: application/json", POST_ONE),
                Arguments.of("OPTIONS", "/features/online", "", null),
                Arguments.of("GET", "/features/online", "", null),
                Arguments.of("GET", "/features/online?customer_id=c1", "", null),
                // encoded, unicode, comma, slash, plus in ids
                Arguments.of("GET", "/features/spend/%C3%A9%E2%98%83", "", null),
                Arguments.of("GET", "/features/spend/a%2Cb", "", null),
                Arguments.of("GET", "/features/spend/a,b", "", null),
                Arguments.of("GET", "/features/spend/a%2Fb", "", null),
                Arguments.of("GET", "/features/spend/a+b", "", null),
                Arguments.of("GET", "/features/spend/a%20b", "", null),
                Arguments.of("GET", "/features/spend/%2541", "", null),
                Arguments.of("GET", "/features/spend/c1/", "", null),
                Arguments.of("GET", "/features/sp%65nd/c1", "", null),
                Arguments.of("GET", "/features/spend?customer_id=%C3%A9%E2%98%83,c1", "", null),
                Arguments.of("GET", "/features/spend?customer_id=a%2Cb", "", null),
                Arguments.of("GET", "/features/spend?customer_id=a+b", "", null),
                Arguments.of("GET", "/features/spend?customer_id=a%2Bb", "", null),
                // repeated, empty, cased parameters
                Arguments.of("GET", "/features/spend?customer_id=c1&customer_id=&customer_id=c2", "", null),
                Arguments.of("GET", "/features/spend?customer_id=c1&customer_id=c1", "", null),
                Arguments.of("GET", "/features/spend?CUSTOMER_ID=c1", "", null),
                Arguments.of("GET", "/features/spend?Entity_Id=c2", "", null),
                Arguments.of("GET", "/features/spend?customer_id", "", null),
                Arguments.of("GET", "/features/spend?customer_id=,,", "", null),
                // query parameters and request headers named like a path parameter or the entity key
                Arguments.of("GET", "/features/spend/c1?entityId=c2", "", null),
                Arguments.of("GET", "/features/spend/c1?group=nope", "", null),
                Arguments.of("GET", "/features/spend/c1", "entityId: c2", null),
                Arguments.of("GET", "/features/spend/c1", "group: nope", null),
                Arguments.of("GET", "/features/spend?customer_id=c1", "customer_id: c2", null),
                Arguments.of("GET", "/features/spend", "customer_id: c1", null),
                Arguments.of("GET", "/features/spend", "entity_id: c1", null),
                // headers that could be reflected
                Arguments.of("GET", "/features/spend/c1", "Retry-After: 99; Allow: DELETE; "
                        + "Content-Security-Policy: none; X-Evil: 1; Set-Cookie: a=b", null),
                Arguments.of("GET", "/features/spend/nobody", "Retry-After: 99; Allow: DELETE", null),
                Arguments.of("POST", "/features/online", "Content-Type: application/json; Retry-After: 99; "
                        + "Allow: DELETE", POST_ONE),
                // Content-Type and Accept variants
                Arguments.of("POST", "/features/online", "Content-Type: application/json;charset=UTF-8", POST_ONE),
                Arguments.of("POST", "/features/online", "Content-Type: APPLICATION/JSON; charset=\"utf-8\"",
                        POST_ONE),
                Arguments.of("POST", "/features/online", "Content-Type: application/json-patch+json", POST_ONE),
                Arguments.of("POST", "/features/online", "Content-Type: application/*", POST_ONE),
                Arguments.of("POST", "/features/online", "Content-Type: text/plain", POST_ONE),
                Arguments.of("POST", "/features/online", "Content-Type: application/json; Accept: application/*",
                        POST_ONE),
                Arguments.of("POST", "/features/online", "Content-Type: application/json; Accept: text/html, "
                        + "application/json;q=0.1", POST_ONE),
                Arguments.of("POST", "/features/online?x=%0d%0aX-Evil:%201", "Content-Type: application/json",
                        POST_ONE),
                Arguments.of("GET", "/features/spend/c1", "Accept: application/json;q=0", null),
                Arguments.of("GET", "/features/spend/c1", "Accept: APPLICATION/JSON", null));
    }

    @ParameterizedTest(name = "{0} {1} [{2}]")
    @MethodSource("cases")
    void is_answered_the_same_both_ways(String method, String path, String headers, String body) throws Exception {
        HttpResponse<String> fast = send(direct, method, path, headers, body);
        HttpResponse<String> camel = send(routed, method, path, headers, body);

        assertThat(fast.statusCode()).as("status; direct answered %s, routed %s", fast.body(), camel.body())
                .isEqualTo(camel.statusCode());
        assertThat(fast.body()).as("body").isEqualTo(camel.body());
        assertThat(new TreeMap<>(fast.headers().map())).as("headers").isEqualTo(new TreeMap<>(camel.headers().map()));
        for (String name : List.of("retry-after", "allow", "content-security-policy", "x-evil", "set-cookie")) {
            assertThat(fast.headers().allValues(name)).as(name).noneMatch(v -> v.contains("99")
                    || v.equals("DELETE") || v.equals("none") || v.equals("1") || v.contains("a=b"));
        }
    }

    /** Other methods on the three paths: 405 with the methods the path serves in Allow, JSON body (direct reads). */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "HEAD, /features/spend/c1, GET", "OPTIONS, /features/spend/c1, GET", "PUT, /features/spend/c1, GET",
            "DELETE, /features/spend/c1, GET", "HEAD, /features/spend?customer_id=c1, GET",
            "PATCH, /features/spend?customer_id=c1, GET", "PUT, /features/online, 'GET, POST'",
            "OPTIONS, /features/online, 'GET, POST'", "DELETE, /features/online, 'GET, POST'"})
    void other_methods_get_405_with_allow(String method, String path, String allow) throws Exception {
        HttpResponse<String> r = send(direct, method, path, "", method.equals("PUT") ? "{}" : null);

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue(allow);
        if (!method.equals("HEAD")) {
            assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("method_not_allowed");
        }
    }

    /** A request header or a query parameter never stands in for a path parameter or the ids parameter. */
    @ParameterizedTest(name = "direct-reads {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void headers_and_query_parameters_do_not_change_which_entity_is_read(boolean directReads) throws Exception {
        FStoreHarness fstore = directReads ? direct : routed;
        HttpResponse<String> header = send(fstore, "GET", "/features/spend/c1", "entityId: c2", null);
        HttpResponse<String> query = send(fstore, "GET", "/features/spend/c1?entityId=c2", "", null);
        assertThat(header.statusCode()).as("header entityId: %s", header.body()).isEqualTo(200);
        assertThat(query.statusCode()).as("?entityId=: %s", query.body()).isEqualTo(200);
        JsonNode byHeader = json.readTree(header.body());
        JsonNode byQuery = json.readTree(query.body());
        HttpResponse<String> many = send(fstore, "GET", "/features/spend?customer_id=c1", "customer_id: c2", null);
        HttpResponse<String> none = send(fstore, "GET", "/features/spend", "customer_id: c1", null);

        assertThat(byHeader.get("features").get("n").get("value").asLong()).as("header entityId").isEqualTo(1);
        assertThat(byQuery.get("features").get("n").get("value").asLong()).as("?entityId=").isEqualTo(1);
        assertThat(json.readTree(many.body()).get("results")).as("header customer_id").hasSize(1);
        assertThat(none.statusCode()).as("ids only in a header").isEqualTo(400);
    }

    /** fstore.http.body-timeout (1 s here) applies to the direct POST as to the route: 408, connection closed. */
    @ParameterizedTest(name = "direct-reads {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void a_body_sent_slowly_gets_408(boolean directReads) throws Exception {
        FStoreHarness fstore = directReads ? direct : routed;
        try (Socket socket = new Socket("127.0.0.1", fstore.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = POST_ONE.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /features/online HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends when the server closes
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(500L, 4_000L);
        }
        assertThat(send(fstore, "POST", "/features/online", "Content-Type: application/json", POST_ONE).statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> send(FStoreHarness fstore, String method, String path, String headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fstore.port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!headers.isEmpty()) {
            for (String header : headers.split("; (?=[A-Za-z-]+: )")) {
                int colon = header.indexOf(':');
                request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
