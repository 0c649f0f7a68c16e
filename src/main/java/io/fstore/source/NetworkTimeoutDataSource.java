package io.fstore.source;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The connections a source route reads through: every socket read (the query and each later fetch of a streamed result
 * set) gives up after {@code timeout}, so a server that stalls between two fetches fails the run instead of holding it
 * (JDBC's {@code queryTimeout} only bounds the execution). The pool resets the timeout when a connection comes back.
 */
public final class NetworkTimeoutDataSource implements DataSource, AutoCloseable {

    private static final Executor CALLER = Runnable::run;
    private final DataSource pool;
    private final int timeoutMillis;

    public NetworkTimeoutDataSource(DataSource pool, Duration timeout) {
        this.pool = pool;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** Closes the pool underneath. */
    @Override
    public void close() throws Exception {
        if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return withTimeout(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return withTimeout(pool.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }

    private Connection withTimeout(Connection c) throws SQLException {
        try {
            c.setNetworkTimeout(CALLER, timeoutMillis);
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException notSupported) {
            // an embedded database (H2) has no socket to time out
        }
        return c;
    }
}
