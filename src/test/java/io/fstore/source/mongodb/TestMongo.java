package io.fstore.source.mongodb;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB-protocol server for tests: mongo-java-server 1.47 (in-memory backend) on an ephemeral 127.0.0.1 port,
 * since no mongod can be had here. Register it as a JUnit extension:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestMongo MONGO = TestMongo.shared();     // one server per JVM
 * ...
 * MongoDatabase db = MONGO.database();                 // this test's own database, dropped after the test
 * </pre>
 *
 * {@link #shared()} starts one server for the whole JVM (stopped by a shutdown hook); {@link #dedicated()} starts a
 * server for one test class, stopped after the class, for tests that stop or restart it. Every test gets a fresh
 * database named {@code fstore_<class>_<n>}, dropped after the test whether it passed or not.
 */
public final class TestMongo implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestMongo shared;

    private final boolean dedicated;
    private MongoServer server;
    private int port;
    private MongoClient client;
    private String databaseName;
    /** A real mongod to use for the shared server instead of the in-JVM one (docker-compose.yml's mongo). */
    private static final String EXTERNAL = System.getenv("FSTORE_IT_MONGODB_URI");
    private String externalUri;

    private TestMongo(boolean dedicated) {
        this.dedicated = dedicated;
    }

    /** The JVM-wide server (started on first use). */
    public static synchronized TestMongo shared() {
        if (shared == null) {
            shared = new TestMongo(false);
            if (EXTERNAL != null && !EXTERNAL.isBlank()) {
                shared.externalUri = EXTERNAL;
                shared.client = MongoClients.create(EXTERNAL);
                return shared;
            }
            shared.start(0);
            TestMongo stopping = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stopping::stop, "fstore-test-mongo-stop"));
        }
        return shared;
    }

    /** A server of its own for one test class, stopped after the class. */
    public static TestMongo dedicated() {
        TestMongo mongo = new TestMongo(true);
        mongo.start(0);
        return mongo;
    }

    private synchronized void start(int wantedPort) {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", wantedPort);
        InetSocketAddress address = server.getLocalAddress();
        port = address.getPort();
        client = MongoClients.create(uri());
    }

    /**
     * Starts an empty server again on the same port (after {@link #stopServer}; nothing when it runs) and gives
     * {@link #client()} a new client (the old one would fail once on each of its dead pooled connections).
     * Dedicated servers only.
     */
    public synchronized void restartServer() {
        requireDedicated();
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", port);
            client.close();
            client = MongoClients.create(uri());
        }
    }

    /** Stops the server (open connections are closed at once); the client stays. Dedicated servers only. */
    public synchronized void stopServer() {
        requireDedicated();
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    private void requireDedicated() {
        if (!dedicated) {
            throw new IllegalStateException("only a TestMongo.dedicated() server may be stopped or restarted");
        }
    }

    public int port() {
        return port;
    }

    /** {@code mongodb://127.0.0.1:<port>} */
    public String uri() {
        if (externalUri != null) {
            return externalUri;
        }
        return "mongodb://127.0.0.1:" + port;
    }

    public MongoClient client() {
        return client;
    }

    /** This test's database (created on first write, dropped after the test). */
    public MongoDatabase database() {
        if (databaseName == null) {
            throw new IllegalStateException("TestMongo.database() is for use inside a test method");
        }
        return client.getDatabase(databaseName);
    }

    public String databaseName() {
        return databaseName;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String owner = context.getRequiredTestClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        databaseName = "fstore_" + owner.substring(0, Math.min(owner.length(), 40)) + "_"
                + DATABASES.incrementAndGet();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String name = databaseName;
        databaseName = null;
        synchronized (this) {
            if (name != null && server != null) {
                client.getDatabase(name).drop();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dedicated) {
            stop();
        }
    }

    private synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}
