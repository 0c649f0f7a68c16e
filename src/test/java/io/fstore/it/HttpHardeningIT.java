package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server under the serving API (issue #8: 1, 2, 4, 6, 9): no request header or query parameter becomes a
 * response header, control characters in a query never give a 500, slow clients are cut off by the header, body and
 * idle timeouts, every error the server itself answers is JSON {error, detail, field}, and a port that cannot be used
 * stops startup with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpHardeningIT {

    private static final String DB = "jdbc:h2:mem:http_hardening;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    /** camel.server.max-body-size of the FStore under test: the server's own 413 backstop. */
    private static final int MAX_BODY = 65_536;
    private static final String BATCH = "{\"entities\": {\"customer_id\": [\"c1\", \"c2\"]}, \"features\": [\"spend:total\"]}";
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");
    /** Response header names an attacker would like to set, in several spellings. */
    private static final List<String> HOSTILE = List.of("Set-Cookie", "set-cookie", "SET-COOKIE",
            "Access-Control-Allow-Origin", "access-control-allow-origin", "Access-Control-Allow-Credentials",
            "Location", "location", "Retry-After", "retry-after", "Allow", "X-Evil", "x-evil", "Content-Disposition",
            "Refresh", "Link", "Strict-Transport-Security", "Cache-Control", "WWW-Authenticate", "X-Frame-Options",
            "Content-Security-Policy", "Vary", "Server", "Content-Language", "Expires", "Proxy-Authenticate",
            "X-XSS-Protection", "Keep-Alive");

    @TempDir
    static Path work;
    private FStoreHarness fstore;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        seedOrders();
        fstore = startFStore(work.resolve("main"), Map.of("camel.server.max-body-size", String.valueOf(MAX_BODY)));
        // platform-http routes that fail past the API's own error handling: an exception nobody handles, and a
        // response header value Vert.x refuses to write
        fstore.runtime().context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("platform-http:/test/unhandled?httpMethodRestrict=GET").routeId("test.unhandled")
                        .process(e -> {
                            throw new IllegalStateException("internal secret detail");
                        });
                from("platform-http:/test/bad-header?httpMethodRestrict=GET").routeId("test.bad-header")
                        .setHeader("Retry-After", constant("1\r\nSet-Cookie: injected=1"))
                        .setHeader("Content-Type", constant("application/json"))
                        .setBody(constant("{}"));
            }
        });
    }

    private static void seedOrders() throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (customer_id VARCHAR(8), amount DOUBLE, ts TIMESTAMP)");
            s.execute("DELETE FROM orders");
            s.execute("INSERT INTO orders VALUES ('c1', 10.5, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('c1', 5.25, TIMESTAMP '2024-01-02 10:00:00'), ('c2', 7.0, TIMESTAMP '2024-01-03 10:00:00')");
        }
    }

    private static FStoreHarness startFStore(Path dir, Map<String, String> overrides) throws Exception {
        Path features = Files.createDirectories(dir.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT customer_id, SUM(amount) AS total, MAX(ts) AS ts FROM orders GROUP BY customer_id" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: total, type: double }
                """);
        Map<String, String> props = new LinkedHashMap<>(overrides);
        props.put("fstore.datasource.dw.url", DB);
        FStoreHarness harness = new FStoreHarness(dir, props);
        harness.run("spend");
        return harness;
    }

    @AfterAll
    void stop() {
        if (fstore != null) {
            fstore.close();
        }
    }

    // --- 1. no request header or query parameter reaches a response header ---

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("GET one", "GET", "/features/spend/c1", null, 200),
                Arguments.of("GET one, unknown entity", "GET", "/features/spend/nobody", null, 404),
                Arguments.of("GET many", "GET", "/features/spend?customer_id=c1,c2", null, 200),
                Arguments.of("POST batch", "POST", "/features/online", BATCH, 200),
                Arguments.of("POST batch, invalid JSON", "POST", "/features/online", "{bad", 400),
                Arguments.of("OpenAPI document", "GET", "/openapi.json", null, 200),
                Arguments.of("unknown path", "GET", "/no/such/path", null, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void hostile_query_parameters_and_request_headers_never_become_response_headers(String name, String method,
            String path, String body, int status) throws Exception {
        String query = HOSTILE.stream().map(h -> h + "=evil-query").collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path + (path.contains("?") ? "&" : "?") + query))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HOSTILE.forEach(h -> request.header(h, "evil-header"));
        request.header("Content-Type", body == null ? "text/html" : "application/json");

        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertOnlyContentHeaders(r);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().map().values().stream().flatMap(List::stream)).noneMatch(v -> v.contains("evil"));
        json.readTree(r.body());
    }

    /** The header names are exactly Content-Type and one of Content-Length / Transfer-Encoding. */
    private static void assertOnlyContentHeaders(HttpResponse<String> r) {
        Set<String> names = r.headers().map().keySet().stream().map(n -> n.toLowerCase(Locale.ROOT))
                .filter(n -> !n.startsWith(":")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).as("response headers").contains("content-type");
        Set<String> rest = new HashSet<>(names);
        rest.remove("content-type");
        assertThat(rest).as("response headers besides Content-Type").hasSize(1).isSubsetOf(FRAMING);
    }

    // --- 2. CR, LF and NUL in a query value ---

    @ParameterizedTest
    @ValueSource(strings = {"a%0d%0aSet-Cookie:%20injected=1", "%0d", "%0a", "a%00b", "%0d%0a%0d%0a%3Chtml%3E"})
    void control_characters_in_a_query_value_answer_400_json_and_never_reach_a_header_or_a_raw_log_line(String value)
            throws Exception {
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> one = get("/features/spend/c1?note=" + value + "&Location=" + value);
            HttpResponse<String> many = get("/features/spend?customer_id=c1,c2&Set-Cookie=" + value);

            for (HttpResponse<String> r : List.of(one, many)) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                assertOnlyContentHeaders(r);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("control_character");
            }
            assertThat(json.readTree(many.body()).get("field").asText()).isEqualTo("Set-Cookie");
            List<String> logged = log.warnings().stream().map(e -> e.getFormattedMessage()).toList();
            assertThat(logged).as("at most one line per request, without raw control characters")
                    .hasSizeLessThanOrEqualTo(2).noneMatch(line -> line.chars().anyMatch(c -> c < 0x20));
        }
    }

    // --- 6. every error the server answers itself is JSON {error, detail, field} ---

    @Test
    void an_unknown_path_answers_404_json() throws Exception {
        for (String path : List.of("/", "/nope", "/features", "/features/spend/c1/extra", "/openapi.yaml")) {
            assertJsonError(get(path), 404, "not_found", "path");
        }
    }

    @Test
    void a_method_the_path_does_not_serve_answers_405_json_with_the_allowed_methods() throws Exception {
        HttpResponse<String> put = send("PUT", "/features/spend/c1", "{}", "application/json");
        assertJsonError(put, 405, "method_not_allowed", "method");
        assertThat(put.headers().allValues("Allow")).containsExactly("GET");

        // /features/online is also a {group} of GET /features/{group}
        HttpResponse<String> delete = send("DELETE", "/features/online", null, null);
        assertJsonError(delete, 405, "method_not_allowed", "method");
        assertThat(delete.headers().allValues("Allow")).containsExactly("GET, POST");

        HttpResponse<String> postOpenApi = send("POST", "/openapi.json", "{}", "application/json");
        assertJsonError(postOpenApi, 405, "method_not_allowed", "method");
        assertThat(postOpenApi.headers().allValues("Allow")).containsExactly("GET");
    }

    @Test
    void an_accept_header_without_json_answers_406_json() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/features/spend/c1"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());

        assertJsonError(r, 406, "not_acceptable", "Accept");
    }

    @Test
    void a_post_body_that_is_not_json_answers_415_json() throws Exception {
        assertJsonError(send("POST", "/features/online", "customer_id=c1", "text/plain"), 415,
                "unsupported_media_type", "Content-Type");
    }

    @Test
    void a_body_over_the_server_limit_answers_413_json() throws Exception {
        String big = "{\"entities\": {\"customer_id\": [\"" + "x".repeat(MAX_BODY) + "\"]}, \"features\": []}";

        assertJsonError(send("POST", "/features/online", big, "application/json"), 413, "request_too_large", "body");
    }

    @Test
    void get_many_takes_max_entities_ids_in_one_request_line() throws Exception {
        String ids = IntStream.range(0, 1000).mapToObj(i -> "customer-%014d".formatted(i))
                .collect(Collectors.joining(","));
        HttpResponse<String> r = get("/features/spend?customer_id=" + ids);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json.readTree(r.body()).toString()).contains("customer-00000000000999");
    }

    @Test
    void a_request_line_over_the_limit_answers_414_json() throws Exception {
        String ids = "c".repeat(70_000);
        RawHttp.Answer a = RawHttp.exchange(fstore.port,
                "GET /features/spend?customer_id=" + ids + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertJsonError(a, 414, "uri_too_long", "uri");
    }

    @Test
    void headers_over_the_limit_answer_431_json() throws Exception {
        RawHttp.Answer a = RawHttp.exchange(fstore.port,
                "GET /features/spend/c1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");

        assertJsonError(a, 431, "headers_too_large", "headers");
    }

    @Test
    void a_malformed_request_answers_400_json() throws Exception {
        for (String request : List.of("GET /features/spend/c1 HTTP/1.1\r\nHost: x\r\nthis is no header\r\n\r\n",
                "GET /features/%zz/c1 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /features/spend/c1?note=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /features/spend?customer_id=c1,%zz HTTP/1.1\r\nHost: x\r\n\r\n")) {
            assertJsonError(RawHttp.exchange(fstore.port, request), 400, "bad_request", null);
        }
    }

    @Test
    void an_unhandled_failure_answers_500_json_with_an_error_id_that_is_in_one_log_line() throws Exception {
        for (String path : List.of("/test/unhandled", "/test/bad-header")) {
            try (LogCapture log = new LogCapture()) {
                HttpResponse<String> r = get(path + "?Set-Cookie=evil");

                JsonNode error = assertJsonError(r, 500, "internal_error", null);
                assertThat(r.body()).doesNotContain("secret", "Exception", "injected");
                Matcher id = Pattern.compile("error id ([0-9a-f-]{36})").matcher(error.get("detail").asText());
                assertThat(id.find()).as(error.toString()).isTrue();
                List<ILoggingEvent> warnings = log.warnings();
                assertThat(warnings).as("WARN/ERROR lines for " + path).hasSize(1);
                assertThat(warnings.get(0).getFormattedMessage()).contains(id.group(1)).doesNotContain("\n");
                assertThat(warnings.get(0).getThrowableProxy()).as("no stack trace").isNull();
            }
        }
    }

    // --- 4. timeouts ---

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Timeouts {

        private static final long HEADER_TIMEOUT_MS = 5_000;
        private static final long BODY_TIMEOUT_MS = 2_000;
        private FStoreHarness slow;

        @BeforeAll
        void start() throws Exception {
            slow = startFStore(work.resolve("timeouts"), Map.of("camel.main.name", "fstore-timeouts",
                    "fstore.http.header-timeout", HEADER_TIMEOUT_MS / 1000 + "s",
                    "fstore.http.body-timeout", BODY_TIMEOUT_MS / 1000 + "s",
                    "fstore.http.idle-timeout", "60s"));
        }

        @AfterAll
        void stop() {
            if (slow != null) {
                slow.close();
            }
        }

        @Test
        void the_api_answers_while_200_clients_dribble_headers_and_they_are_closed_after_the_header_timeout()
                throws Exception {
            List<Socket> dribblers = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    Socket s = RawHttp.connect(slow.port);
                    RawHttp.send(s, "GET /features/spend/c1 HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                    dribblers.add(s);
                }
                Thread dribble = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        for (Socket s : dribblers) {
                            try {
                                RawHttp.send(s, "a");
                            } catch (IOException closed) {
                                // the server closed it: what the test waits for
                            }
                        }
                        try {
                            Thread.sleep(1_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                dribble.start();
                try {
                    for (int i = 0; i < 5; i++) {
                        long t = System.nanoTime();
                        HttpResponse<String> r = slow.get("/features/spend/c1");
                        assertThat(r.statusCode()).isEqualTo(200);
                        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(2));
                        Thread.sleep(200);
                    }
                    long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
                    assertThat(heldMs).as("the API calls ran while the slow connections were held")
                            .isLessThan(HEADER_TIMEOUT_MS);
                    for (Socket s : dribblers) {
                        assertThat(RawHttp.closedWithin(s, 1)).as("still held before the header timeout").isFalse();
                    }
                    for (Socket s : dribblers) {
                        long left = HEADER_TIMEOUT_MS + 3_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
                        assertThat(RawHttp.closedWithin(s, left)).as("closed after the header timeout").isTrue();
                    }
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened))
                            .isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 500);
                    assertThat(slow.get("/features/spend/c1").statusCode()).isEqualTo(200);
                } finally {
                    dribble.interrupt();
                    dribble.join();
                }
            } finally {
                for (Socket s : dribblers) {
                    s.close();
                }
            }
        }

        @Test
        void a_body_that_stops_half_way_answers_408_json_and_closes_the_connection() throws Exception {
            try (Socket s = RawHttp.connect(slow.port)) {
                long t = System.nanoTime();
                RawHttp.send(s, "POST /features/online HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"entities\": ");

                RawHttp.Answer a = RawHttp.read(s.getInputStream());

                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
                assertJsonError(a, 408, "request_timeout", "body");
                assertThat(tookMs).isBetween(BODY_TIMEOUT_MS - 200, BODY_TIMEOUT_MS + 3_000);
                assertThat(RawHttp.closedWithin(s, 2_000)).isTrue();
            }
        }

        @Test
        void an_idle_keep_alive_connection_is_closed_after_the_header_timeout() throws Exception {
            try (Socket s = RawHttp.connect(slow.port)) {
                RawHttp.send(s, "GET /features/spend/c1 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(200);
                long t = System.nanoTime();

                assertThat(RawHttp.closedWithin(s, HEADER_TIMEOUT_MS + 3_000)).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t))
                        .isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 500);
            }
        }
    }

    // --- 9. startup fails with one line when the port cannot be used ---

    @Test
    void a_port_in_use_stops_startup_with_one_line_naming_the_port_and_the_property() throws Exception {
        Path dir = Files.createDirectories(work.resolve("port-in-use"));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ChildRun run = runChild(dir, "camel.server.port = " + port);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output().lines().filter(l -> l.contains("in use") || l.contains("camel.server.port")).toList())
                    .as(run.output()).containsExactly("FStore cannot start: port " + port
                            + " on 127.0.0.1 is already in use (camel.server.port); stop what uses it or set "
                            + "camel.server.port to a free port");
            assertThat(run.output()).as("no stack trace").doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void a_management_port_in_use_stops_startup_with_one_line_naming_its_property() throws Exception {
        Path dir = Files.createDirectories(work.resolve("management-port-in-use"));
        Files.createDirectories(dir.resolve("features"));
        Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "camel.server.port = " + FStoreHarness.freePort(), "fstore.demo.seed = false", ""));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Process p = ChildFStore.start(dir, "fstore.log", java.util.List.of("-Dcamel.management.port=" + port));
            try {
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("FStore stopped by itself").isTrue();
                String output = Files.readString(dir.resolve("fstore.log"), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(output).isEqualTo(1);
                assertThat(output.lines().filter(l -> l.contains("in use")).toList()).as(output)
                        .containsExactly("FStore cannot start: port " + port + " on 127.0.0.1 is already in use "
                                + "(camel.management.port); stop what uses it or set camel.management.port to a "
                                + "free port");
                assertThat(output).as("no stack trace").doesNotContain("\tat ", "Exception");
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x", "-1", "0", "70000", "8080.5"})
    void a_port_that_is_not_a_port_number_stops_startup_naming_camel_server_port(String port) throws Exception {
        Path dir = Files.createDirectories(work.resolve("bad-port-" + Math.abs(port.hashCode())));

        ChildRun run = runChild(dir, "camel.server.port = " + port);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("FStore cannot start: ")
                .contains("field 'camel.server.port': is '" + port + "'; expected a port number from 1 to 65535")
                .doesNotContain("\tat ");
    }

    private record ChildRun(int exitCode, String output) {
    }

    /** {@code java -jar fstore.jar} with no feature group and the given application.properties line. */
    private static ChildRun runChild(Path dir, String property) throws Exception {
        Files.createDirectories(dir.resolve("features"));
        Files.writeString(dir.resolve("application.properties"),
                String.join("\n", property, "fstore.demo.seed = false", ""));
        Process p = ChildFStore.start(dir, "fstore.log");
        try {
            boolean exited = p.waitFor(90, TimeUnit.SECONDS);
            String output = Files.readString(dir.resolve("fstore.log"), StandardCharsets.UTF_8);
            assertThat(exited).as("FStore stopped by itself; output:\n" + output).isTrue();
            return new ChildRun(p.exitValue(), output);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // --- helpers ---

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fstore.port + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException staleConnection) {
            // the client picked a pooled keep-alive connection the server had just closed (after an earlier test's
            // refusal): nothing reached the server; send again on a new connection
            if (!String.valueOf(staleConnection.getMessage()).contains("received no bytes")) {
                throw staleConnection;
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private JsonNode assertJsonError(HttpResponse<String> r, int status, String error, String field) throws IOException {
        return assertJsonError(new RawHttp.Answer(r.statusCode(), r.headers().map().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(", ", e.getValue()))),
                r.body()), status, error, field);
    }

    private JsonNode assertJsonError(RawHttp.Answer a, int status, String error, String field) throws IOException {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.headers().get("content-type")).as("Content-Type of " + a.body()).isEqualTo("application/json");
        JsonNode body = json.readTree(a.body());
        assertThat(body).as(a.body()).isNotNull();
        assertThat(body.isObject()).as(a.body()).isTrue();
        assertThat(body.properties().stream().map(Map.Entry::getKey)).containsExactlyInAnyOrder("error", "detail", "field");
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("detail").asText()).isNotBlank();
        if (field == null) {
            assertThat(body.get("field").isNull()).as(a.body()).isTrue();
        } else {
            assertThat(body.get("field").asText()).isEqualTo(field);
        }
        return body;
    }

    /** WARN and ERROR lines logged while it is open. */
    private static final class LogCapture implements AutoCloseable {

        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture() {
            appender.start();
            root.addAppender(appender);
        }

        List<ILoggingEvent> warnings() {
            synchronized (appender) {
                return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    /**
     * HTTP/1.1 over a plain socket, for what {@code java.net.http} will not send: over-long request lines and headers,
     * malformed requests, bodies that stop half-way, connections that stay open.
     */
    private static final class RawHttp {

        /** One answer as read from the wire; header names lower-cased. */
        record Answer(int status, Map<String, String> headers, String body) {
        }

        static Socket connect(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(30_000);
            return s;
        }

        static void send(Socket s, String text) throws IOException {
            s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }

        /** Sends a whole request on a new connection and reads one answer. */
        static Answer exchange(int port, String request) throws IOException {
            try (Socket s = connect(port)) {
                send(s, request);
                return read(s.getInputStream());
            }
        }

        /** Reads one answer: a Content-Length or chunked body, else up to the end of the stream. */
        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("connection closed before an answer");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                     size = Integer.parseInt(line(in).trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readAllBytes());
            }
            return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        /** True when the peer closed the connection within {@code millis}. */
        static boolean closedWithin(Socket s, long millis) throws IOException {
            s.setSoTimeout((int) Math.max(1, millis));
            try {
                while (true) {
                    if (s.getInputStream().read() < 0) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    return sb.toString().stripTrailing();
                }
                sb.append((char) c);
            }
            return sb.isEmpty() ? null : sb.toString();
        }
    }
}
