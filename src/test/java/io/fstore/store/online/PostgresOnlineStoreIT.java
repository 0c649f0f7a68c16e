package io.fstore.store.online;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.it.TestDatabases;
import org.junit.jupiter.api.AfterAll;

/** The online store contract on a real PostgreSQL server. */
class PostgresOnlineStoreIT extends OnlineStoreContract {

    private static HikariDataSource pool;

    @Override
    protected OnlineStore newStore() {
        if (pool == null) {
            pool = new HikariDataSource();
            pool.setJdbcUrl(TestDatabases.postgres());
            pool.setMaximumPoolSize(8);
        }
        return new PostgresOnlineStore(pool);
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
