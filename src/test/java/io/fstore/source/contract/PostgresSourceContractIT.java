package io.fstore.source.contract;

import io.fstore.it.TestDatabases;

/** The source contract of kind jdbc on a real PostgreSQL server. */
class PostgresSourceContractIT extends JdbcSourceContract {

    @Override
    String jdbcUrl() {
        return TestDatabases.postgres();
    }

    @Override
    String timestampType() {
        return "TIMESTAMP(3)";
    }
}
