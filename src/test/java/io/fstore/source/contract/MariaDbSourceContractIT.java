package io.fstore.source.contract;

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
}
