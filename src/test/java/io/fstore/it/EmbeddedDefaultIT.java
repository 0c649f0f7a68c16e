package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: the packaged jar, no configuration, no external service. */
class EmbeddedDefaultIT {

    @Test
    void the_jar_alone_seeds_the_demo_warehouse_materializes_the_demo_groups_and_serves_them(@TempDir Path work)
            throws Exception {
        int port = FStoreHarness.freePort();
        Files.writeString(work.resolve("application.properties"), "camel.server.port = " + port + "\n");
        Process fstore = ChildFStore.start(work, "fstore.log");
        try {
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (String group : new String[] {"customer_metrics", "customer_last_order"}) {
                Path state = work.resolve("data/state/" + group + ".json");
                while (!(Files.exists(state) && json.readTree(state.toFile()).path("lastRun").path("status").asText()
                        .equals("succeeded"))) {
                    assertThat(fstore.isAlive()).as("FStore is running; see " + work.resolve("fstore.log")).isTrue();
                    assertThat(System.nanoTime()).as("the demo groups ran in time").isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/features/customer_last_order/c00001")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode vector = json.readTree(r.body());
            assertThat(vector).as("a feature vector was served").isNotNull();
            JsonNode amount = vector.get("features").get("last_order_amount");
            assertThat(amount.get("type").asText()).isEqualTo("decimal");
            assertThat(amount.get("value").asText()).matches("\\d+\\.\\d{2}");
            assertThat(amount.get("status").asText()).isEqualTo("present");
            JsonNode metrics = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/features/customer_metrics/c00001")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(metrics.get("features").get("orders").get("value").asLong()).isPositive();
            assertThat(Files.list(work.resolve("data/offline/customer_last_order")).count()).isPositive();
        } finally {
            fstore.destroy();
            fstore.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void validate_exits_non_zero_naming_file_line_field_and_fix(@TempDir Path work) throws Exception {
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features/broken.yaml"), """
                name: broken
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: lake, query: SELECT 1 }
                schedule: "every day"
                features:
                  - { name: x, type: integer }
                """);

        Process validate = ChildFStore.start(work, "validate.log", "validate");

        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).isEqualTo(1);
        String out = Files.readString(work.resolve("validate.log"), StandardCharsets.UTF_8);
        assertThat(out).contains("broken.yaml:3: field 'source.datasource': unknown connection 'lake'; expected one of warehouse")
                .contains("broken.yaml:4: field 'schedule': 'every day' is not a quartz cron")
                .contains("broken.yaml:6: field 'features[0].type': unknown type 'integer'; expected one of long, double");
    }

    @Test
    void validate_exits_zero_on_the_demo_definitions(@TempDir Path work) throws Exception {
        Process validate = ChildFStore.start(work, "validate.log", "validate");

        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(work.resolve("validate.log"))).contains("OK: 2 feature group(s) valid");
        assertThat(validate.exitValue()).isZero();
    }
}
