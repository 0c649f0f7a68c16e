package io.fstore.source;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fstore.runtime.DataSourceSettings;

/** Builds one pooled connection per configured datasource. */
public final class DataSources {

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
        HikariConfig config = new HikariConfig();
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
        return new HikariDataSource(config);
    }
}
