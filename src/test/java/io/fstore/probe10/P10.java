package io.fstore.probe10;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.it.TestDatabases;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** Helpers of the review probes of issue #10. */
final class P10 {

    static final ObjectMapper JSON = new ObjectMapper();

    private P10() {
    }

    /** A PostgreSQL table name no other test uses. */
    static String table(String purpose) {
        return "probe10_" + purpose + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
    }

    /** Table {@code t} with rows 1..n: customer c(i % 10), amount i, ts 2024-01-01 + i minutes. */
    static void orders(String t, int n) throws Exception {
        TestDatabases.execute(TestDatabases.postgres(), "CREATE TABLE " + t
                + " (i INT, customer_id TEXT, amount DOUBLE PRECISION, ts TIMESTAMP)");
        TestDatabases.execute(TestDatabases.postgres(), "INSERT INTO " + t + " SELECT i, 'c' || (i % 10), i, "
                + "TIMESTAMP '2024-01-01' + i * INTERVAL '1 minute' FROM generate_series(1, " + n + ") AS i");
    }

    static void drop(String t) throws Exception {
        TestDatabases.execute(TestDatabases.postgres(), "DROP TABLE IF EXISTS " + t);
    }

    /** A jdbc group on connection pg reading {@code query}, run only when the test asks (schedule in 2099). */
    static void group(Path work, String name, String query, String more) throws IOException {
        Path dir = Files.createDirectories(work.resolve("features"));
        Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  connection: pg
                  query: "%s"
                  timestamp: ts
                %sschedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: amount, type: double }
                """.formatted(name, query, more));
    }

    static Map<String, String> pg() {
        return Map.of("fstore.connection.pg.kind", "jdbc", "fstore.connection.pg.url", TestDatabases.postgres());
    }

    /** Polls until {@code done} holds, at most 20 s; returns the last value. */
    static <T> T await(Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T value = probe.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = probe.call();
        }
        return value;
    }

    /** promtool check metrics on a scrape: its complaints (empty when clean). */
    static String promtool(String scrape) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not end");
        }
        return out + (p.exitValue() == 0 ? "" : "(exit " + p.exitValue() + ")");
    }

    /** Temporary folders named fstore-probe10-* (JUnit removes them). */
    static final class TempDirs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory("fstore-probe10-");
        }
    }
}
