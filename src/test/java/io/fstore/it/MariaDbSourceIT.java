package io.fstore.it;

/** The SQL source contract on a real MariaDB (MySQL protocol) server. */
class MariaDbSourceIT extends SqlSourceContract {

    @Override
    String jdbcUrl() {
        return TestDatabases.mariadb();
    }

    @Override
    String timestampType() {
        return "DATETIME(6)";
    }
}
