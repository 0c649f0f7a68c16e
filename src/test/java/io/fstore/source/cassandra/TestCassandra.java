package io.fstore.source.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Cassandra 5.0.9 node for the ITs, one per test JVM ({@link #shared()}): {@code FSTORE_IT_CASSANDRA}
 * ({@code host:port}) when set, else a node already listening on 127.0.0.1:9042, else a node this class starts in a
 * JVM of its own (cassandra-all's classpath, asked of Maven once through {@code cassandra/node-pom.xml} and kept in
 * {@code target/cassandra-node/classpath.txt}; never on FStore's classpath) on free ports, with its data in a temporary
 * folder {@code fstore-cassandra-*}; it is stopped (SIGTERM) and its folder deleted when the JVM exits. Tests make
 * their own keyspaces through {@link #newKeyspace} and drop them.
 */
public final class TestCassandra {

    private static final Logger LOG = LoggerFactory.getLogger(TestCassandra.class);
    private static final AtomicInteger KEYSPACES = new AtomicInteger();
    private static TestCassandra shared;
    /** The built-in superuser of a node with logins (the node started here); a node without logins never asks. */
    private static final String ADMIN = "cassandra";
    /**
     * The login of FStore's connections in the tests, made on a node with logins (not cassandra/cassandra: FStore masks
     * a password wherever it appears, and "cassandra" is also the kind's name).
     */
    static final String USER = "fstore_it";
    static final String PASSWORD = "Fstore-It-Pass";

    private final String host;
    private final int port;
    private final CqlSession session;
    /** How long the node this class started took until CQL answered (null: not started here). */
    private final Duration startTime;

    private TestCassandra(String host, int port, Duration startTime) {
        this.host = host;
        this.port = port;
        this.startTime = startTime;
        // schema changes on a busy 2-core machine take seconds: the driver's 2 s would fail them
        this.session = CqlSession.builder().addContactPoint(new InetSocketAddress(host, port))
                .withLocalDatacenter("datacenter1").withAuthCredentials(ADMIN, ADMIN) // sent only when asked
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /** The node of this JVM, found or started on first use. */
    public static synchronized TestCassandra shared() {
        if (shared == null) {
            shared = find();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.session::close, "fstore-test-cassandra-session"));
            if (shared.requiresLogin()) {
                shared.session.execute("CREATE ROLE IF NOT EXISTS " + USER + " WITH PASSWORD = '" + PASSWORD
                        + "' AND LOGIN = true AND SUPERUSER = true");
            }
        }
        return shared;
    }

    private static TestCassandra find() {
        String env = System.getenv("FSTORE_IT_CASSANDRA");
        if (env != null && !env.isBlank()) {
            String[] hostPort = env.strip().split(":");
            return new TestCassandra(hostPort.length > 1 ? hostPort[0] : "127.0.0.1",
                    Integer.parseInt(hostPort[hostPort.length - 1]), null);
        }
        if (listening(9042)) {
            return new TestCassandra("127.0.0.1", 9042, null);
        }
        return Node.start();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port} for fstore.connection.&lt;name&gt;.contact-points. */
    public String contactPoint() {
        return host + ":" + port;
    }

    public CqlSession session() {
        return session;
    }

    public java.util.Optional<Duration> startTime() {
        return java.util.Optional.ofNullable(startTime);
    }

    /** The properties of a connection {@code name} to this node, with the login (a node without logins ignores it). */
    public java.util.Map<String, String> connection(String name) {
        String p = "fstore.connection." + name + ".";
        return java.util.Map.of(p + "kind", "cassandra", p + "contact-points", contactPoint(),
                p + "username", USER, p + "password", PASSWORD);
    }

    /** True when the node refuses a session without a valid login (PasswordAuthenticator). */
    public boolean requiresLogin() {
        com.datastax.oss.driver.api.core.cql.Row row = session.execute(
                "SELECT value FROM system_views.settings WHERE name = 'authenticator'").one();
        return row != null && String.valueOf(row.getString("value")).contains("PasswordAuthenticator");
    }

    /** A new keyspace (replication 1) with a name no other test uses; the caller drops it. */
    public String newKeyspace(String purpose) {
        String name = "fstore_" + purpose + "_" + ProcessHandle.current().pid() + "_" + KEYSPACES.incrementAndGet();
        session.execute("CREATE KEYSPACE " + name
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        return name;
    }

    public void dropKeyspace(String name) {
        session.execute("DROP KEYSPACE IF EXISTS " + name);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node in a JVM of its own. */
    private static final class Node {

        static TestCassandra start() {
            try {
                Path dir = Files.createTempDirectory("fstore-cassandra-");
                int cql = freePort();
                int storage = freePort();
                String yaml = resource("cassandra/cassandra.yaml").replace("${DATA}", dir.toString())
                        .replace("native_transport_port: 9042", "native_transport_port: " + cql)
                        .replace("storage_port: 7000", "storage_port: " + storage)
                        .replace("127.0.0.1:7000", "127.0.0.1:" + storage);
                Path config = dir.resolve("cassandra.yaml");
                Files.writeString(config, yaml);
                Path args = dir.resolve("jvm17.args");
                Files.writeString(args, resource("cassandra/cassandra-jvm17.args"));
                List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-Xms256m", "@" + args,
                        "-Dcassandra.config=" + config.toUri(), "-Dcassandra.storagedir=" + dir,
                        "-Dcassandra-foreground=yes", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                        "-Dcassandra.ring_delay_ms=0", "-Dcassandra.superuser_setup_delay_ms=0",
                        "-Dcassandra.jmx.local.port=" + freePort(),
                        "-cp", classpath(), "org.apache.cassandra.service.CassandraDaemon"));
                long started = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("node.log").toFile()).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, dir),
                        "fstore-test-cassandra-stop"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!listening(cql)) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        String log = Files.exists(dir.resolve("node.log")) ? tail(dir.resolve("node.log")) : "";
                        throw new IllegalStateException("the Cassandra node did not start (log " + dir
                                + "/node.log):\n" + log);
                    }
                    Thread.sleep(100);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                LOG.info("Cassandra 5.0.9 node on 127.0.0.1:{} answered CQL after {} ms", cql, took.toMillis());
                return new TestCassandra("127.0.0.1", cql, took);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a Cassandra node", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void stop(Process process, Path dir) {
            process.destroy(); // SIGTERM: the node stops in ~6 s
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind
            }
        }

        /** cassandra-all 5.0.9 and its dependencies, resolved by Maven once (offline first). */
        private static String classpath() throws IOException, InterruptedException {
            Path work = Paths.get("target", "cassandra-node").toAbsolutePath();
            Path file = work.resolve("classpath.txt");
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(work);
            Files.writeString(work.resolve("pom.xml"), resource("cassandra/node-pom.xml"));
            for (boolean offline : new boolean[] {true, false}) {
                List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", work.resolve("pom.xml").toString(),
                        "dependency:build-classpath", "-Dmdep.outputFile=" + file));
                if (offline) {
                    mvn.add(1, "-o");
                }
                Process p = new ProcessBuilder(mvn).redirectErrorStream(true)
                        .redirectOutput(work.resolve("mvn.log").toFile()).start();
                if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isRegularFile(file)) {
                    return Files.readString(file).strip();
                }
            }
            throw new IllegalStateException("cannot resolve cassandra-all 5.0.9 (see " + work + "/mvn.log); set "
                    + "FSTORE_IT_CASSANDRA=host:port to use a running node");
        }

        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                    .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        }

        private static String resource(String name) throws IOException {
            try (InputStream in = TestCassandra.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("test resource " + name + " is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private static String tail(Path log) throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
    }
}
