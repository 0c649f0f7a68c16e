package io.fstore.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.definition.DefinitionLoader;
import io.fstore.runtime.ConfigFiles;
import io.fstore.runtime.FStoreRuntime;
import io.fstore.runtime.FStoreSettings;
import io.fstore.source.RunSummary;
import org.apache.camel.ProducerTemplate;

/**
 * Boots FStore in-process exactly as the CLI does (packaged defaults, the project's routes/ folder), against a data
 * folder and a features folder of the test's own; triggers runs and reads results back with independent clients
 * (HTTP, DuckDB).
 */
public final class FStoreHarness implements AutoCloseable {

    public final Path dataDir;
    public final Path featuresDir;
    public final int port;
    /** Camel's management server: /observe/metrics, /observe/health, /observe/jolokia */
    public final int managementPort;
    private final FStoreRuntime runtime;
    private final ProducerTemplate producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final boolean sharedOnlineStore;
    private final List<String> groupNames;

    public FStoreHarness(Path workDir, Map<String, String> overrides) throws Exception {
        this(workDir, overrides, java.util.function.UnaryOperator.identity());
    }

    /** @param decorateOnlineStore wraps the online store, e.g. to make it fail on purpose */
    public FStoreHarness(Path workDir, Map<String, String> overrides,
                         java.util.function.UnaryOperator<io.fstore.store.online.OnlineStore> decorateOnlineStore)
            throws Exception {
        this.dataDir = workDir.resolve("data");
        this.featuresDir = workDir.resolve("features");
        Files.createDirectories(featuresDir);
        this.port = freePort();
        this.managementPort = freePort();
        Properties props = ConfigFiles.load(Path.of("").toAbsolutePath());
        props.stringPropertyNames().stream().filter(k -> k.startsWith("fstore.connection.warehouse.")).forEach(props::remove);
        props.setProperty("fstore.demo.seed", "false");
        props.setProperty("fstore.data-dir", dataDir.toString());
        props.setProperty("fstore.features-dir", featuresDir.toString());
        props.setProperty("camel.server.port", String.valueOf(port));
        props.setProperty("camel.rest.port", String.valueOf(port));
        props.setProperty("camel.management.port", String.valueOf(managementPort));
        props.putAll(overrides);
        FStoreSettings settings = FStoreSettings.from(props, "test");
        List<io.fstore.model.FeatureGroup> groups =
                new DefinitionLoader(settings.connectionKinds()).loadDirectory(featuresDir);
        this.sharedOnlineStore = !settings.onlineType().equals("embedded");
        this.groupNames = groups.stream().map(io.fstore.model.FeatureGroup::name).toList();
        this.runtime = new FStoreRuntime(Path.of("").toAbsolutePath(), props, settings, groups, decorateOnlineStore);
        try {
            runtime.start();
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
        this.producer = runtime.context().createProducerTemplate();
    }

    /** Runs a group now, synchronously, as its schedule would. */
    public RunSummary run(String group) {
        return producer.requestBody("direct:fg." + group, null, RunSummary.class);
    }

    public FStoreRuntime runtime() {
        return runtime;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET on the management server (/observe/...). */
    public HttpResponse<String> getManagement(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return json.readTree(get(path).body());
    }

    /** Rows of a DuckDB query over this FStore's Parquet files; {@code {offline}} stands for the offline folder. */
    public List<Map<String, Object>> duckdb(String sql) throws SQLException {
        return DuckDb.query(dataDir.resolve("offline"), sql);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops FStore; on a shared online store (Redis, PostgreSQL) first removes every value its groups wrote. */
    @Override
    public void close() {
        try {
            if (sharedOnlineStore) {
                for (String group : groupNames) {
                    try {
                        runtime.onlineStore().teardown(group);
                    } catch (RuntimeException serverGone) {
                        // a server the test owned and stopped: nothing shared is left behind
                    }
                }
            }
        } finally {
            runtime.close();
        }
    }
}
