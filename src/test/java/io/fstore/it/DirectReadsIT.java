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
        direct.run("spend");
        routed.run("spend");
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
        return new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB, "fstore.api.max-entities", "3",
                "fstore.api.direct-reads", directReads));
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
            "/features/spend?customer_id=a,b,c,d, none",
            "/features/spend?customer_id=c1%0d%0aX-Evil:%201, none",
            "/features/nope?entity_id=c1, none",
            "/features/never_run?customer_id=c1, none",
            "/features/spend?customer_id=c1, text/csv",
    })
    void both_ways_answer_the_same(String path, String accept) throws Exception {
        HttpResponse<String> fast = get(direct, path, accept);
        HttpResponse<String> camel = get(routed, path, accept);

        assertThat(fast.statusCode()).isEqualTo(camel.statusCode());
        assertThat(fast.body()).isEqualTo(camel.body());
        assertThat(headers(fast)).isEqualTo(headers(camel));
        assertThat(fast.headers().firstValue("content-type")).isEqualTo(Optional.of("application/json"));
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
