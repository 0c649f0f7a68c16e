package io.fstore.probe8;

import static org.assertj.core.api.Assertions.assertThat;

import io.fstore.it.FStoreHarness;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probe (issue #8 point 3): a POST body over fstore.api.max-request-bytes (1 MiB by default) must be refused
 * without the server buffering it up to camel.server.max-body-size (16 MiB). On main the whole body is read into the
 * heap first: 40 parallel 16 MB chunked POSTs end in OutOfMemoryError on -Xmx512m.
 */
class BodyBufferingProbeIT {

    private static final String DB = "jdbc:h2:mem:probe8_body;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";

    @TempDir
    Path work;

    @Test
    void a_chunked_body_over_max_request_bytes_is_refused_before_the_client_sends_the_rest() throws Exception {
        try (Connection c = DriverManager.getConnection(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (customer_id VARCHAR(8), amount DOUBLE, ts TIMESTAMP)");
        }
        Path features = Files.createDirectories(work.resolve("features"));
        Files.writeString(features.resolve("spend.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, timestamp: ts, query: "SELECT customer_id, SUM(amount) AS total, MAX(ts) AS ts FROM orders GROUP BY customer_id" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: total, type: double }
                """);
        try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", DB,
                "fstore.http.body-timeout", "20s"))) {
            fstore.run("spend");
            try (Socket socket = new Socket("127.0.0.1", fstore.port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /features/online HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 40; i++) { // 2.5 MiB, over the 1 MiB API limit; the last chunk is never sent
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                String answer;
                try {
                    InputStream in = socket.getInputStream();
                    answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                } catch (SocketTimeoutException e) {
                    answer = "no answer within 5 s: the server waits for the rest of the body (buffers it)";
                }
                assertThat(answer).isEqualTo("HTTP/1.1 413");
            }
        }
    }
}
