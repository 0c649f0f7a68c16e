package io.fstore.source.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.definition.DefinitionError;
import io.fstore.definition.YamlMap;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.runtime.DataSourceSettings;
import io.fstore.runtime.Secrets;
import io.fstore.source.Causes;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.DataSources;
import io.fstore.source.NetworkTimeoutDataSource;
import io.fstore.source.Setting;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceKind;

/**
 * {@code kind: jdbc}: a SQL query on PostgreSQL, MySQL/MariaDB, SQL Server or H2 through camel-jdbc (route template
 * {@code jdbc-source}). Its connections are HikariCP pools.
 */
public final class JdbcKind implements SourceKind {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("url", "a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/warehouse"),
            Setting.optional("username", "", "the database user"),
            Setting.secret("password", "the user's password, through {{env:NAME}}"),
            Setting.integer("pool-size", 4, "connections in the pool, from 1 to 100"),
            Setting.integer("connect-timeout", 10, "seconds to wait for a connection before the attempt fails "
                    + "(then retried as fstore.retry.* says), from 1 to 3600"));

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public Set<String> sourceKeys() {
        return Set.of("query");
    }

    @Override
    public String example() {
        return "query: SELECT customer_id, ... FROM ...";
    }

    @Override
    public Optional<SourceSpec.KindSettings> parse(YamlMap source) {
        return source.requiredString("query", "a SELECT returning entity_id, value, timestamp or the entity key, one "
                + "column per feature and a timestamp").map(q -> new SourceSpec.Sql(stripSemicolon(q)));
    }

    @Override
    public List<Setting> connectionSettings() {
        return SETTINGS;
    }

    @Override
    public List<DefinitionError> check(ConnectionSettings c, String origin) {
        String url = c.get("url");
        int pool = c.getInt("pool-size");
        if (!url.startsWith("jdbc:")) {
            return List.of(new DefinitionError(origin, 0, c.property("url"), "'" + Secrets.maskPatterns(url)
                    + "' is not a JDBC URL", "a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/warehouse"));
        }
        int connectTimeout = c.getInt("connect-timeout");
        if (connectTimeout < 1 || connectTimeout > 3600) {
            return List.of(new DefinitionError(origin, 0, c.property("connect-timeout"), "is '" + connectTimeout + "'",
                    "a whole number of seconds from 1 to 3600"));
        }
        if (pool < 1 || pool > 100) {
            return List.of(new DefinitionError(origin, 0, c.property("pool-size"), "is '" + pool + "'",
                    "a whole number from 1 to 100"));
        }
        return List.of();
    }

    /** The pool settings of a jdbc connection. */
    public static DataSourceSettings dataSourceSettings(ConnectionSettings c) {
        return new DataSourceSettings(c.name(), explicitH2Path(c.get("url")), c.get("username"), c.get("password"),
                c.getInt("pool-size"), c.prefix());
    }

    /** A pool whose connections time out reads after the longest source timeout; closing it closes the pool. */
    @Override
    public AutoCloseable open(ConnectionSettings connection, Duration longestSourceTimeout) {
        return new NetworkTimeoutDataSource(DataSources.create(dataSourceSettings(connection),
                Duration.ofSeconds(connection.getInt("connect-timeout"))), longestSourceTimeout);
    }

    /**
     * A login of its own, outside the pool, then {@code isValid}: a pool whose connections are all held by long runs
     * would make a pooled connection wait (and the server read as unreachable though it answers), and a fresh login
     * also notices credentials the server no longer takes. The login's own wait is the driver's (the health check
     * bounds it).
     */
    @Override
    public void ping(AutoCloseable connection, Duration timeout) throws SQLException {
        HikariDataSource pool = ((DataSource) connection).unwrap(HikariDataSource.class);
        Properties login = new Properties();
        login.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            login.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            login.setProperty("password", pool.getPassword());
        }
        Driver driver = DriverManager.getDriver(pool.getJdbcUrl());
        try (Connection c = driver.connect(pool.getJdbcUrl(), login)) {
            int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
            if (!c.isValid(seconds)) {
                throw new SQLException("the database did not confirm a new connection within " + seconds + " s");
            }
        }
    }

    @Override
    public Map<String, String> templateParameters(FeatureGroup group) {
        return Map.of("connection", group.source().connection(),
                "sourceTimeoutSeconds", String.valueOf(Math.max(1, group.runPolicy().sourceTimeout().toSeconds())));
    }

    /** SQLSTATE class 08 (connection exception: refused, reset, lost) and 57P01-03 (the server shutting down). */
    @Override
    public boolean isRetriable(Throwable error) {
        return Causes.any(error, t -> t instanceof java.sql.SQLException e && e.getSQLState() != null
                && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P0")));
    }

    @Override
    public SourceAdapter adapter(FeatureGroup group) {
        return new JdbcAdapter(group);
    }

    private static String stripSemicolon(String query) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return q;
    }

    /**
     * H2 refuses file paths that are implicitly relative to the working directory; {@code jdbc:h2:file:{{fstore.data-dir}}/x}
     * with the default data directory {@code data} is one, so it is made explicit ({@code ./data/x}).
     */
    public static String explicitH2Path(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String path = url.substring(prefix.length());
        boolean explicit = path.startsWith("/") || path.startsWith("./") || path.startsWith("../")
                || path.startsWith("~") || path.matches("^[A-Za-z]:[\\\\/].*");
        return explicit ? url : prefix + "./" + path;
    }
}
