package io.fstore.it;

/** The SQL source contract on a real PostgreSQL server. */
class PostgresSourceIT extends SqlSourceContract {

    @Override
    String jdbcUrl() {
        return TestDatabases.postgres();
    }

    @Override
    String timestampType() {
        return "TIMESTAMP(6)";
    }
}
