package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.fstore.it.FStoreHarness;
import io.fstore.it.JolokiaClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probes of issue #10: what a web page in the operator's browser can make Jolokia do. jolokia-access.xml lets
 * in requests that carry neither Origin nor Referer ("curl, scripts"); a browser sends exactly that for an
 * {@code <img>} or {@code <script>} GET of a page with {@code <meta name="referrer" content="no-referrer">}, and
 * Jolokia executes operations on GET ({@code /exec/<mbean>/<operation>}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JolokiaProbeIT {

    private static final String ROUTE = "api.groups";
    @TempDir(factory = P10.TempDirs.class)
    static Path work;
    private FStoreHarness fstore;
    private JolokiaClient jolokia;

    @BeforeAll
    void start() throws Exception {
        fstore = new FStoreHarness(work, Map.of());
        jolokia = new JolokiaClient(URI.create("http://127.0.0.1:" + fstore.managementPort + "/observe/jolokia"));
    }

    @AfterAll
    void stop() {
        if (fstore != null) {
            fstore.close();
        }
    }

    @AfterEach
    void restart() throws Exception {
        fstore.runtime().context().getRouteController().startRoute(ROUTE);
    }

    /** A raw GET of the management port, with the request headers given as lines; the raw answer. */
    private String rawGet(String path, String... headerLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fstore.managementPort)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stopPath() {
        return "/observe/jolokia/exec/org.apache.camel:context=fstore,type=routes,name=%22" + ROUTE + "%22/stop()";
    }

    private String state() throws Exception {
        return jolokia.read(JolokiaClient.route(ROUTE), "State").asText();
    }

    @Test
    void a_cross_site_image_request_without_referer_cannot_stop_a_route() throws Exception {
        String answer = rawGet(stopPath(), "Host: 127.0.0.1:" + fstore.managementPort,
                "Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Dest: image",
                "Accept: image/avif,image/webp,*/*");

        assertThat(state()).as("the route after the request (answer: " + answer.lines().findFirst().orElse("") + ")")
                .isEqualTo("Started");
    }

    /** The same in a real browser: a page of another origin (127.0.0.2, not allowed) with a no-referrer policy. */
    @Test
    void a_page_of_another_origin_in_chromium_cannot_stop_a_route() throws Exception {
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.2", 0), 0);
        byte[] page = ("<!DOCTYPE html><html><head><meta name=\"referrer\" content=\"no-referrer\"></head><body>"
                + "<img id=x src=\"http://127.0.0.1:" + fstore.managementPort + stopPath() + "\">"
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        site.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        Path profile = java.nio.file.Files.createTempDirectory("fstore-probe10-chromium-");
        org.openqa.selenium.WebDriver browser = null;
        try {
            browser = new org.openqa.selenium.chrome.ChromeDriver(new org.openqa.selenium.chrome.ChromeDriverService
                    .Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort()
                    .build(), new org.openqa.selenium.chrome.ChromeOptions().setBinary("/usr/bin/chromium")
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--user-data-dir=" + profile));
            browser.get("http://127.0.0.2:" + site.getAddress().getPort() + "/");
            Thread.sleep(1_000); // the image request has been made by now

            assertThat(state()).isEqualTo("Started");
        } finally {
            if (browser != null) {
                browser.quit();
            }
            site.stop(0);
            try (var files = java.nio.file.Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void a_dns_rebound_page_cannot_stop_a_route() throws Exception {
        // a page of http://rebind.example:<port> whose name now resolves to 127.0.0.1: same-origin GETs carry no Origin
        String answer = rawGet(stopPath(), "Host: rebind.example:" + fstore.managementPort,
                "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty");

        assertThat(state()).as("the route after the request (answer: " + answer.lines().findFirst().orElse("") + ")")
                .isEqualTo("Started");
    }

    @Test
    void a_sandboxed_page_origin_null_is_refused() throws Exception {
        JolokiaClient.Answer answer = jolokia.post(Map.of("type", "exec", "mbean", JolokiaClient.route(ROUTE),
                "operation", "stop()"), "Origin", "null");

        assertThat(answer.body().has("value")).isFalse();
        assertThat(state()).isEqualTo("Started");
    }

    @Test
    void curl_reads_routes_with_post_and_get_is_refused() throws Exception {
        String answer = rawGet("/observe/jolokia/read/org.apache.camel:context=fstore,type=routes,name=%22" + ROUTE
                + "%22/State", "Host: 127.0.0.1:" + fstore.managementPort, "User-Agent: curl/8.5.0", "Accept: */*");
        assertThat(answer).doesNotContain("\"value\":\"Started\"");

        JolokiaClient.Answer read = jolokia.post(Map.of("type", "read", "mbean", JolokiaClient.route(ROUTE),
                "attribute", "State"));
        assertThat(read.ok().asText()).isEqualTo("Started");
    }
}
