package io.fstore.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fstore.runtime.DataSourceSettings;
import io.fstore.runtime.Secrets;

/** Builds one pooled connection per configured datasource. */
public final class DataSources {

    /** HikariCP's default wait for a connection. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

    private DataSources() {
    }

    public static Map<String, HikariDataSource> create(Map<String, DataSourceSettings> settings) {
        Map<String, HikariDataSource> pools = new LinkedHashMap<>();
        settings.values().forEach(s -> pools.put(s.name(), create(s)));
        return pools;
    }

    /**
     * Extraction connections run with auto-commit off: PostgreSQL streams a result set through a cursor only inside
     * a transaction (otherwise the driver buffers every row), and a read needs no commit.
     */
    public static HikariDataSource create(DataSourceSettings s) {
        return create(s, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** @param connectionTimeout how long {@code getConnection()} waits (fixed when the pool is built) */
    public static HikariDataSource create(DataSourceSettings s, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setPoolName("fstore-" + s.name());
        config.setJdbcUrl(s.url());
        if (!s.username().isEmpty()) {
            config.setUsername(s.username());
        }
        if (!s.password().isEmpty()) {
            config.setPassword(s.password());
        }
        config.setMaximumPoolSize(s.poolSize());
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setInitializationFailTimeout(-1);
        return new ExplainingDataSource(config, Secrets.of(s));
    }

    /**
     * A pool whose "no connection" failure says why the database refused (the driver's reason, e.g. "password
     * authentication failed", "Connection refused"), not only that the wait timed out; secrets masked.
     */
    private static final class ExplainingDataSource extends HikariDataSource {

        private final Secrets secrets;

        ExplainingDataSource(HikariConfig config, Secrets secrets) {
            super(config);
            this.secrets = secrets;
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                return super.getConnection();
            } catch (SQLTransientConnectionException e) {
                if (e.getCause() == null || e.getCause().getMessage() == null) {
                    throw e;
                }
                throw new SQLTransientConnectionException(secrets.mask(e.getMessage() + ": "
                        + e.getCause().getMessage()), e.getSQLState(), e);
            }
        }
    }
}
