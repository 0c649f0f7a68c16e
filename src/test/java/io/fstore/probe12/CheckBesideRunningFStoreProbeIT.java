package io.fstore.probe12;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README: check and preview may run while FStore runs, except on the embedded H2 demo warehouse (an H2 file in the
 * data directory), which the running FStore holds: there the check, a JVM of its own, says so in its group's line
 * (the README tells to stop FStore first) instead of hanging or failing without a reason.
 */
class CheckBesideRunningFStoreProbeIT {

    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("fstore-probe12-");
    }

    @AfterEach
    void tearDown() throws Exception {
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void check_of_the_h2_demo_warehouse_while_fstore_holds_it_says_the_database_is_in_use() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        // the URL of application.properties' demo warehouse, in this test's data directory
        String url = "jdbc:h2:file:" + data + "/warehouse;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (customer_id VARCHAR(20), ts TIMESTAMP WITH TIME ZONE, qty BIGINT)");
            s.execute("INSERT INTO items VALUES ('c1', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', 7)");
        }
        Path features = work.resolve("features");
        Files.createDirectories(features);
        Files.writeString(features.resolve("items.yaml"), """
                name: items
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  connection: warehouse
                  query: SELECT customer_id, ts, qty FROM items
                  timestamp: ts
                schedule: "0 0 * * * ?"
                features:
                  - { name: qty, type: long }
                """);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("fstore.connection.warehouse.kind", "jdbc");
        props.put("fstore.connection.warehouse.url", url);
        StringBuilder text = new StringBuilder("fstore.demo.seed = false\nfstore.features-dir = " + features
                + "\nfstore.data-dir = " + data + "\n");
        props.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(work.resolve("application.properties"), text);

        try (FStoreHarness fstore = new FStoreHarness(work, props)) {
            assertThat(fstore.run("items").rowsRead()).isEqualTo(1);

            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Path.of("target/fstore.jar").toAbsolutePath().toString(), "check")
                    .directory(work.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as(output).isEqualTo(1);
            assertThat(output.lines().toList()).as(output).singleElement().asString()
                    .startsWith("FAIL  items (jdbc via warehouse): cannot read the source: ")
                    .contains("Database may be already in use");
        }
    }
}
