package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.FStoreHarness;
import io.fstore.it.JolokiaClient;
import io.fstore.serving.CapturedLogs;
import io.fstore.source.RunSummary;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMX over HTTP, as Hawtio sees FStore: Jolokia on the management port (/observe/jolokia) lists a route MBean for every
 * route, each with an id of its own, and their exchange counters move with a run of a PostgreSQL group (25 rows in
 * chunks of 10). The access policy (jolokia-access.xml) lets loopback clients in and refuses the rest, so a refused
 * request changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JolokiaIT {

    private static final int ROWS = 25;
    private static final int CHUNKS = 3;

    @TempDir(factory = Orders.TempDirs.class)
    static Path work;
    private Orders orders;
    private CapturedLogs logs;
    private FStoreHarness fstore;
    private JolokiaClient jolokia;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        orders = Orders.create("jolokia", ROWS);
        Orders.write(work.resolve("features"), "spend", orders.group("spend", "pg",
                "SELECT customer_id, amount, ts FROM %s", "", "schedule: \"0 0 0 1 1 ? 2099\""));
        Map<String, String> props = new HashMap<>(orders.connection("pg"));
        props.put("fstore.chunk-size", "10");
        logs = new CapturedLogs();
        fstore = new FStoreHarness(work, props);
        jolokia = new JolokiaClient(URI.create("http://127.0.0.1:" + fstore.managementPort + "/observe/jolokia"));
    }

    @AfterAll
    void stop() throws Exception {
        try (Orders o = orders; CapturedLogs l = logs) {
            if (fstore != null) {
                fstore.close();
            }
        }
    }

    @Test
    void lists_one_route_mbean_per_route_of_the_context_and_the_context_as_started() throws Exception {
        Set<String> listed = jolokia.search(JolokiaClient.ROUTES).stream().map(JolokiaClient::routeId)
                .collect(Collectors.toSet());

        assertThat(listed).contains("fg.spend", "fg.spend.schedule", "fstore.chunk", "sink.offline", "sink.online",
                "api.online", "api.online.many", "api.online.batch", "api.openapi", "api.groups", "api.group",
                "api.group.runs", "api.ui");
        assertThat(listed).as("every route of the context, nothing else")
                .isEqualTo(fstore.runtime().context().getRoutes().stream().map(Route::getRouteId)
                        .collect(Collectors.toSet()));
        assertThat(jolokia.search("org.apache.camel:type=context,*"))
                .containsExactly("org.apache.camel:context=fstore,name=\"fstore\",type=context");
        assertThat(jolokia.read("org.apache.camel:context=fstore,type=context,name=\"fstore\"", "State").asText())
                .isEqualTo("Started");
    }

    @Test
    void every_route_has_an_id_of_its_own() throws Exception {
        Pattern generated = Pattern.compile("route\\d+");
        for (Route route : fstore.runtime().context().getRoutes()) {
            assertThat(route.isCustomId()).as("route %s has an explicit id", route.getRouteId()).isTrue();
            assertThat(route.getRouteId()).doesNotMatch(generated);
        }
        Map<String, JsonNode> ids = jolokia.readRoutes("RouteId");
        ids.forEach((mbeanName, routeId) -> assertThat(routeId.asText()).isEqualTo(mbeanName));
        assertThat(ids.keySet()).noneMatch(id -> generated.matcher(id).matches()).hasSizeGreaterThan(8);
    }

    @Test
    void a_run_counts_one_exchange_on_its_group_route_and_one_per_chunk_on_the_pipeline_and_each_sink()
            throws Exception {
        Map<String, JsonNode> before = jolokia.readRoutes("ExchangesCompleted");

        RunSummary run = fstore.run("spend");

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.rowsRead()).isEqualTo(ROWS);
        assertThat(run.chunks()).isEqualTo(CHUNKS);
        Map<String, JsonNode> after = jolokia.readRoutes("ExchangesCompleted");
        Map<String, Long> moved = new HashMap<>();
        after.forEach((id, count) -> moved.put(id, count.asLong() - before.get(id).asLong()));
        assertThat(moved).containsEntry("fg.spend", 1L).containsEntry("fstore.chunk", (long) CHUNKS)
                .containsEntry("sink.offline", (long) CHUNKS).containsEntry("sink.online", (long) CHUNKS)
                .containsEntry("fg.spend.schedule", 0L).containsEntry("api.online", 0L);
        assertThat(jolokia.read(JolokiaClient.route("fg.spend"), "ExchangesFailed").asLong()).isZero();
        assertThat(jolokia.read(JolokiaClient.route("sink.offline"), "ExchangesTotal").asLong())
                .isEqualTo(after.get("sink.offline").asLong());
    }

    @Test
    void uses_the_packaged_access_policy() {
        assertThat(logs.mentioning("Using access restrictor: classpath:/jolokia-access.xml")).isNotEmpty();
        assertThat(logs.mentioning("No access restrictor found")).isEmpty();
    }

    @Test
    void refuses_a_client_at_another_address_and_does_nothing_it_asked() throws Exception {
        String stop = json.writeValueAsString(Map.of("type", "exec", "mbean", JolokiaClient.route("fg.spend"),
                "operation", "stop()"));

        String refused = postFrom("127.0.0.2", stop);

        assertThat(refused).startsWith("HTTP/1.1 500").doesNotContain("\"value\"");
        assertThat(jolokia.read(JolokiaClient.route("fg.spend"), "State").asText()).isEqualTo("Started");
        // the same raw request from 127.0.0.1 is answered: the refusal is about the address
        assertThat(postFrom("127.0.0.1", json.writeValueAsString(Map.of("type", "version"))))
                .startsWith("HTTP/1.1 200").contains("\"agent\":\"2.");
    }

    @Test
    void refuses_a_browser_page_of_another_site_and_answers_pages_served_on_this_machine() throws Exception {
        JolokiaClient.Answer fromAnotherSite = jolokia.post(Map.of("type", "exec", "mbean",
                JolokiaClient.route("fg.spend"), "operation", "stop()"), "Origin", "http://fstore-demo.example");

        assertThat(fromAnotherSite.httpStatus()).isEqualTo(500);
        assertThat(fromAnotherSite.body().has("value")).isFalse();
        assertThat(jolokia.read(JolokiaClient.route("fg.spend"), "State").asText()).isEqualTo("Started");
        for (String page : List.of("http://127.0.0.1:9877", "http://localhost:9877", "http://[::1]:9877")) {
            assertThat(jolokia.post(Map.of("type", "read", "mbean", JolokiaClient.route("fg.spend"), "attribute",
                    "RouteId"), "Origin", page).ok().asText()).as(page).isEqualTo("fg.spend");
        }
    }

    @Test
    void refuses_the_jvm_diagnostic_operations_and_still_reads_their_attributes() throws Exception {
        JolokiaClient.Answer diagnosticCommand = jolokia.post(Map.of("type", "exec", "mbean",
                "com.sun.management:type=DiagnosticCommand", "operation", "vmVersion"));
        JolokiaClient.Answer heapDump = jolokia.post(Map.of("type", "exec", "mbean",
                "com.sun.management:type=HotSpotDiagnostic", "operation", "dumpHeap",
                "arguments", List.of(work.resolve("fstore-heap.hprof").toString(), true)));

        assertThat(diagnosticCommand.status()).isEqualTo(403);
        assertThat(heapDump.status()).isEqualTo(403);
        assertThat(work.resolve("fstore-heap.hprof")).doesNotExist();
        assertThat(jolokia.read("com.sun.management:type=HotSpotDiagnostic", "DiagnosticOptions").isArray()).isTrue();
    }

    /** One POST to Jolokia over a socket bound to {@code from} (a loopback address); the raw HTTP answer. */
    private String postFrom(String from, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", fstore.managementPort), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /observe/jolokia HTTP/1.1\r\nHost: 127.0.0.1:" + fstore.managementPort
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
