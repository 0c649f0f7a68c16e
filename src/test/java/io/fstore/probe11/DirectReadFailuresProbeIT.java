package io.fstore.probe11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review probes of issue #11: failure paths of the direct-read handlers (the default): the online store throwing a
 * RuntimeException or an Error, or hanging, during a read; a large streamed POST answer that fails part-way or whose
 * client leaves part-way; and a shutdown while a direct read is still inside the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectReadFailuresProbeIT {

    private static final String DB = "jdbc:h2:mem:probe11_failures;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private static final int WIDE = 60;
    private static final Pattern ERROR_ID = Pattern.compile("error id ([0-9a-f-]{36})");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch hangEntered = new CountDownLatch(1);
    private final CountDownLatch hangRelease = new CountDownLatch(1);
    private FStoreHarness fstore;
    /** The same with fstore.api.direct-reads=false, to tell a regression from what the routes did before. */
    private FStoreHarness routed;

    /** The real store, failing on purpose for some entity ids. */
    private final class Faulty extends DelegatingOnlineStore {
        Faulty(OnlineStore delegate) {
            super(delegate);
        }

        @Override
        public List<Map<String, StoredValue>> read(String group, List<String> ids, List<String> features) {
            if (ids.contains("boom-runtime")) {
                throw new IllegalStateException("probe: read failed");
            }
            if (ids.contains("boom-error")) {
                throw new StackOverflowError("probe: read overflowed");
            }
            if (ids.contains("hang")) {
                hangEntered.countDown();
                try {
                    hangRelease.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Map<String, StoredValue>> read = new ArrayList<>(delegate.read(group, ids, features));
            int bad = ids.indexOf("bad-late");
            if (bad >= 0) { // a value without an event time in the last column: the answer fails part-way
                Map<String, StoredValue> broken = new HashMap<>(read.get(bad));
                broken.put(features.get(features.size() - 1), new StoredValue(1L, null));
                read.set(bad, broken);
            }
            return read;
        }
    }

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        prepare(work);
        prepare(work.resolve("routed"));
        fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB, "fstore.api.max-request-bytes",
                "200000"), Faulty::new);
        fstore.run("spend");
        fstore.run("wide");
        routed = new FStoreHarness(work.resolve("routed"), Map.of("fstore.datasource.dw.url", DB,
                "fstore.api.max-request-bytes", "200000", "fstore.api.direct-reads", "false"), Faulty::new);
        routed.run("wide");
    }

    private static void prepare(Path work) throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (customer_id VARCHAR(16), n BIGINT, ts TIMESTAMP)");
            s.execute("DELETE FROM orders");
            s.execute("INSERT INTO orders SELECT 'c' || \"X\", \"X\", TIMESTAMP '2024-01-01 10:00:00' "
                    + "FROM SYSTEM_RANGE(0, 999)");
        }
        Path features = Files.createDirectories(work.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT * FROM orders" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: n, type: long }
                """);
        StringBuilder columns = new StringBuilder();
        StringBuilder wide = new StringBuilder();
        for (int f = 0; f < WIDE; f++) {
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
    }

    @AfterAll
    void stop() {
        hangRelease.countDown();
        if (fstore != null) {
            fstore.close();
        }
        if (routed != null) {
            routed.close();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "boom-runtime, api.online", "boom-runtime, api.online.many", "boom-runtime, api.online.batch",
            "boom-error, api.online", "boom-error, api.online.many", "boom-error, api.online.batch"})
    void a_failing_read_answers_500_with_an_error_id_logged_once_and_counted(String id, String route)
            throws Exception {
        double before = counted(route, 500);
        HttpResponse<String> r;
        List<CapturedLogs.Line> loud;
        try (CapturedLogs logs = new CapturedLogs()) {
            r = request(fstore, route, id);
            Thread.sleep(300);
            loud = logs.lines().stream().filter(l -> l.level().isGreaterOrEqual(Level.WARN)).toList();
        }

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode answer = json.readTree(r.body());
        assertThat(answer.get("error").asText()).isEqualTo("internal_error");
        Matcher m = ERROR_ID.matcher(answer.get("detail").asText());
        assertThat(m.find()).isTrue();
        assertThat(loud).hasSize(1);
        assertThat(loud.get(0).level()).isEqualTo(Level.ERROR);
        assertThat(loud.get(0).text()).contains(m.group(1)).contains("probe: read");
        assertThat(counted(route, 500)).isEqualTo(before + 1);
        assertThat(request(fstore, route, "c1").statusCode()).isEqualTo(200);
    }

    @Test
    void a_hanging_read_holds_up_only_its_own_request() throws Exception {
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(get(fstore, "/features/spend/hang"),
                HttpResponse.BodyHandlers.ofString());
        try {
            assertThat(hangEntered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                HttpResponse<String> r = http.send(get(fstore, "/features/spend/c" + i),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(json.readTree(r.body()).get("features").get("n").get("value").asLong()).isEqualTo(i);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3_000);
            }
            assertThat(hanging).isNotDone();
        } finally {
            hangRelease.countDown();
        }
        HttpResponse<String> late = hanging.get(10, TimeUnit.SECONDS);
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(json.readTree(late.body()).get("error").asText()).isEqualTo("entity_not_found");
    }

    /**
     * A streamed answer (over 1 MiB) that fails after its head went out cannot become a 500 any more; the client must
     * then see a broken transfer, not a well-ended 200 whose JSON stops part-way, and the failure is logged.
     */
    @ParameterizedTest(name = "direct-reads {0}")
    @ValueSource(booleans = {true, false})
    void a_streamed_answer_that_fails_part_way_is_not_ended_as_a_complete_200(boolean directReads) throws Exception {
        FStoreHarness server = directReads ? fstore : routed;
        List<String> ids = new ArrayList<>(IntStream.range(0, 999).mapToObj(i -> "c" + i).toList());
        ids.add("bad-late");
        String body = batch(ids);
        HttpResponse<String> r = null;
        IOException broken = null;
        List<CapturedLogs.Line> loud;
        try (CapturedLogs logs = new CapturedLogs()) {
            try {
                r = http.send(post(server, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                broken = e;
            }
            Thread.sleep(300);
            loud = logs.lines().stream().filter(l -> l.level().isGreaterOrEqual(Level.WARN)).toList();
        }
        if (broken == null) {
            assertThat(r.statusCode()).isEqualTo(200);
            String received = r.body();
            assertThat(received.length()).isGreaterThan(1 << 20);
            boolean parses;
            try {
                json.readTree(received);
                parses = true;
            } catch (IOException e) {
                parses = false;
            }
            assertThat(parses).as("a 200 ended normally whose body of %d chars is not whole JSON (ends %s)",
                    received.length(), received.substring(received.length() - 40)).isTrue();
        }
        assertThat(loud).as("the failure is logged").anyMatch(l -> l.level() == Level.ERROR);
        assertThat(request(server, "api.online.batch", "c1").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "direct-reads {0}")
    @ValueSource(booleans = {true, false})
    void clients_leaving_mid_stream_cause_no_log_storm_and_the_next_requests_are_answered(boolean directReads)
            throws Exception {
        FStoreHarness server = directReads ? fstore : routed;
        String body = batch(IntStream.range(0, 1000).mapToObj(i -> "c" + i).toList());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        double before = counted(server, "api.online.batch", 200);
        List<CapturedLogs.Line> loud;
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 10; i++) {
                try (Socket socket = new Socket("127.0.0.1", server.port)) {
                    socket.setSoTimeout(5_000);
                    socket.setReceiveBufferSize(4096);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /features/online HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
                    assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
                    if (i % 2 == 0) {
                        socket.setSoLinger(true, 0); // a reset rather than a close
                    }
                }
            }
            Thread.sleep(1_000);
            loud = logs.lines().stream().filter(l -> l.level().isGreaterOrEqual(Level.WARN)).toList();
        }
        assertThat(loud).as("%d lines at WARN or above", loud.size()).isEmpty();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> whole = http.send(post(server, body), HttpResponse.BodyHandlers.ofString());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(json.readTree(whole.body()).get("results")).hasSize(WIDE + 1);
        }
        assertThat(counted(server, "api.online.batch", 200)).isEqualTo(before + 13);
    }

    /**
     * Shutdown while a direct read is inside the store: the store must not be closed under it (RocksDB closed while a
     * read runs is a use after free). The decorated store notes a read that finds it closed (and then does not touch
     * it, so this probe cannot crash the JVM).
     */
    @ParameterizedTest(name = "direct-reads {0}")
    @ValueSource(booleans = {true, false})
    void shutdown_waits_for_a_read_in_flight_before_closing_the_store(boolean directReads, @TempDir Path work)
            throws Exception {
        prepare(work);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        boolean[] closed = {false};
        boolean[] readAfterClose = {false};
        FStoreHarness server = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB,
                "fstore.api.direct-reads", String.valueOf(directReads)), store -> new DelegatingOnlineStore(store) {
                    @Override
                    public List<Map<String, StoredValue>> read(String group, List<String> ids, List<String> f) {
                        if (ids.contains("slow")) {
                            entered.countDown();
                            try { // until the store is being closed, at most 10 s (a shutdown that waits for us)
                                closing.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            synchronized (closed) {
                                if (closed[0]) {
                                    readAfterClose[0] = true;
                                    return ids.stream().map(id -> Map.<String, StoredValue>of()).toList();
                                }
                                return delegate.read(group, ids, f);
                            }
                        }
                        return delegate.read(group, ids, f);
                    }

                    @Override
                    public void close() {
                        synchronized (closed) {
                            closed[0] = true;
                        }
                        closing.countDown();
                        delegate.close();
                    }
                });
        try {
            server.run("spend");
            http.sendAsync(get(server, "/features/spend/slow"), HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.close();
        }
        Thread.sleep(500);
        assertThat(readAfterClose[0]).as("a read reached the store after it was closed").isFalse();
    }

    private HttpResponse<String> request(FStoreHarness server, String route, String id) throws Exception {
        HttpRequest request = switch (route) {
            case "api.online" -> get(server, "/features/spend/" + id);
            case "api.online.many" -> get(server, "/features/spend?customer_id=" + id);
            default -> post(server, batch(List.of(id)));
        };
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String batch(List<String> ids) {
        return "{\"entities\": {\"customer_id\": [" + ids.stream().map(i -> "\"" + i + "\"")
                .collect(Collectors.joining(",")) + "]}, \"features\": [" + IntStream.range(0, WIDE)
                .mapToObj(f -> "\"wide:f" + f + "\"").collect(Collectors.joining(",")) + "]}";
    }

    private static HttpRequest get(FStoreHarness server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpRequest post(FStoreHarness server, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/features/online"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private double counted(String route, int status) {
        return counted(fstore, route, status);
    }

    private static double counted(FStoreHarness server, String route, int status) {
        MeterRegistry meters = server.runtime().context().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        Timer timer = meters.find("fstore.http.requests").tag("route", route).tag("status", String.valueOf(status))
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
