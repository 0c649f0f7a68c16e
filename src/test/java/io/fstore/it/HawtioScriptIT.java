package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hawtio as a user runs it, against a running FStore: it fetches Hawtio and Jetty (once: kept in ~/.m2 and in
 * target/hawtio-home, so later runs start in seconds), serves Hawtio on 127.0.0.1 without login, prints the page to
 * open, and Hawtio's proxy reaches FStore's Jolokia and no other host. Stopping the script stops Jetty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HawtioScriptIT {

    private static final String DB = "jdbc:h2:mem:hawtio_script;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private static final Path SCRIPT = Path.of("bin/hawtio").toAbsolutePath();
    /** The script's download and Jetty base folder: kept between builds, removed by mvn clean. */
    private static final Path HOME = Path.of("target/hawtio-home").toAbsolutePath();
    /** The first start fetches about 60 MB with Maven. */
    private static final Duration FIRST_START = Duration.ofMinutes(5);

    private FStoreHarness fstore;
    private int port;
    private Process hawtio;
    /** What the script and Jetty print (a file: a pipe loses what Jetty prints while it stops) */
    private Path log;
    private List<ProcessHandle> hawtioProcesses;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (customer_id VARCHAR(8), amount DOUBLE, ts TIMESTAMP)");
            s.execute("INSERT INTO orders VALUES ('c1', 10.5, TIMESTAMP '2024-01-01 10:00:00'), "
                    + "('c2', 7.0, TIMESTAMP '2024-01-02 10:00:00')");
        }
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features").resolve("orders.yaml"), """
                name: last_amount
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  connection: dw
                  query: SELECT customer_id, amount, ts FROM orders
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: double }
                """);
        fstore = new FStoreHarness(work, Map.of("fstore.connection.dw.kind", "jdbc", "fstore.connection.dw.url", DB));
        assertThat(fstore.run("last_amount").rowsStored()).isEqualTo(2);

        port = FStoreHarness.freePort();
        Instant started = Instant.now();
        log = work.resolve("hawtio.log");
        hawtio = script("--port", String.valueOf(port), "--jolokia", "127.0.0.1:" + fstore.managementPort)
                .redirectOutput(log.toFile()).start();
        String url = "  http://127.0.0.1:" + port + "/";
        while (!output().contains(url)) {
            if (!hawtio.isAlive() || Duration.between(started, Instant.now()).compareTo(FIRST_START) > 0) {
                throw new AssertionError("bin/hawtio did not print " + url.strip() + ":\n"
                        + String.join("\n", output()));
            }
            Thread.sleep(200);
        }
        hawtioProcesses = hawtio.descendants().toList();
        System.out.printf("bin/hawtio ready in %d ms%n", Duration.between(started, Instant.now()).toMillis());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (hawtio != null) {
                List<ProcessHandle> all = new ArrayList<>(hawtio.descendants().toList());
                if (hawtioProcesses != null) {
                    all.addAll(hawtioProcesses);
                }
                hawtio.destroy();
                hawtio.waitFor(30, TimeUnit.SECONDS);
                all.forEach(ProcessHandle::destroyForcibly);
            }
        } finally {
            if (fstore != null) {
                fstore.close();
            }
            try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
                s.execute("DROP TABLE orders");
            }
        }
    }

    @Test
    @Order(1)
    void the_printed_page_opens_hawtio_on_fstores_jolokia() throws Exception {
        assertThat(output()).contains("Hawtio is up for FStore's Jolokia at http://127.0.0.1:" + fstore.managementPort
                + "/observe/jolokia; open:");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("host: '127.0.0.1'", "port: " + fstore.managementPort,
                "path: '/observe/jolokia'", "location.replace('/hawtio/camel?con=' + id)");
        HttpResponse<String> hawtioPage = get("/hawtio/camel");
        assertThat(hawtioPage.statusCode()).isEqualTo(200);
        assertThat(hawtioPage.body()).contains("<title>Hawtio</title>");
    }

    @Test
    @Order(1)
    void hawtio_proxy_lists_fstores_route_mbeans_and_their_exchange_counts_without_login() throws Exception {
        JolokiaClient proxied = new JolokiaClient(URI.create("http://127.0.0.1:" + port
                + "/hawtio/proxy/http/127.0.0.1/" + fstore.managementPort + "/observe/jolokia"));

        assertThat(proxied.search(JolokiaClient.ROUTES)).extracting(JolokiaClient::routeId)
                .contains("fg.last_amount", "fstore.chunk", "sink.offline", "sink.online", "api.online");
        // as Hawtio's page asks: a POST carrying the page's origin
        JolokiaClient.Answer completed = proxied.post(Map.of("type", "read", "mbean",
                JolokiaClient.route("fg.last_amount"), "attribute", "ExchangesCompleted"),
                "Origin", "http://127.0.0.1:" + port);
        assertThat(completed.ok().asLong()).isEqualTo(1);
    }

    @Test
    @Order(1)
    void hawtio_proxy_reaches_no_other_host() throws Exception {
        assertThat(get("/hawtio/proxy/http/fstore-elsewhere.invalid/" + fstore.managementPort
                + "/observe/jolokia/version").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(1)
    void refuses_a_port_in_use_and_a_jolokia_address_without_port() throws Exception {
        Process busy = script("--port", String.valueOf(fstore.port)).start();
        Process malformed = script("--jolokia", "127.0.0.1").start();

        assertThat(busy.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(busy.exitValue()).isEqualTo(1);
        assertThat(new String(busy.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("port " + fstore.port + " on 127.0.0.1 is in use");
        assertThat(malformed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(malformed.exitValue()).isEqualTo(2);
        assertThat(new String(malformed.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--jolokia host:port");
    }

    @Test
    @Order(2)
    void stopping_the_script_stops_jetty() throws Exception {
        assertThat(hawtioProcesses).as("Jetty runs under the script").isNotEmpty();

        hawtio.destroy();

        assertThat(hawtio.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(hawtio.exitValue()).isZero();
        assertThat(hawtioProcesses).noneMatch(ProcessHandle::isAlive);
        assertThat(output()).anyMatch(line -> line.contains("Stopped oeje10w.WebAppContext"));
        try (var left = Files.list(HOME)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the run's folder is removed")
                    .noneMatch(name -> name.startsWith("run."));
        }
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            throw new AssertionError("something still listens on Hawtio's port " + port);
        } catch (ConnectException closed) {
            // nothing listens any more
        }
    }

    private List<String> output() throws IOException {
        return Files.readAllLines(log);
    }

    private ProcessBuilder script(String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FSTORE_HAWTIO_HOME", HOME.toString());
        return builder;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
