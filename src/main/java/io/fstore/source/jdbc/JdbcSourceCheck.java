package io.fstore.source.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.GroupDefinition;
import io.fstore.runtime.ConfigFiles;
import io.fstore.runtime.DataSourceSettings;
import io.fstore.runtime.Secrets;

/**
 * Asks every JDBC source, before anything runs, for the schema of each group's query, without reading rows: one
 * connection per datasource (opened directly with the driver, not through the pool, so the driver's own reason for a
 * failure is what gets reported), each group's query described, and for incremental groups the wrapped query FStore
 * really sends prepared too. Every message has its secrets masked.
 */
public final class JdbcSourceCheck {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private final Map<String, DataSourceSettings> datasources;
    private final Secrets secrets;
    private final Duration timeout;

    /**
     * @param secrets masks passwords in every message
     * @param timeout the longest wait for a connection and for each query description
     */
    public JdbcSourceCheck(Map<String, DataSourceSettings> datasources, Secrets secrets, Duration timeout) {
        this.datasources = Map.copyOf(datasources);
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /**
     * What was found.
     *
     * @param schemaProblems groups whose query cannot be prepared, lacks a declared column or returns one of the wrong
     *                       type: each fails every run, so FStore does not start with them
     * @param unreachable    datasources that could not be reached (the driver's reason, secrets masked)
     * @param checkedGroups  groups whose schema was checked, per datasource
     */
    public record Report(List<DefinitionError> schemaProblems, List<DefinitionError> unreachable,
                         Map<String, List<String>> checkedGroups) {
    }

    public Report check(List<GroupDefinition> groups) {
        Map<String, List<GroupDefinition>> byDatasource = new LinkedHashMap<>();
        groups.stream().filter(d -> d.group().source().kind().equals("jdbc"))
                .forEach(d -> byDatasource.computeIfAbsent(d.group().source().connection(), k -> new ArrayList<>())
                        .add(d));
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fstore-source-check");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<Report>> running = new LinkedHashMap<>();
            byDatasource.forEach((name, list) -> running.put(name, pool.submit(() -> checkDatasource(name, list, pool))));
            List<DefinitionError> schema = new ArrayList<>();
            List<DefinitionError> unreachable = new ArrayList<>();
            Map<String, List<String>> checked = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Report>> e : running.entrySet()) {
                Report r = join(e.getValue());
                schema.addAll(r.schemaProblems());
                unreachable.addAll(r.unreachable());
                checked.putAll(r.checkedGroups());
            }
            return new Report(schema, unreachable, checked);
        } finally {
            pool.shutdownNow();
        }
    }

    private Report checkDatasource(String name, List<GroupDefinition> groups, ExecutorService pool) {
        DataSourceSettings settings = datasources.get(name);
        List<String> names = groups.stream().map(d -> d.group().name()).toList();
        Connection connection;
        try {
            connection = within(pool, () -> connect(settings));
        } catch (Exception e) {
            return new Report(List.of(), List.of(new DefinitionError(ConfigFiles.FILE, 0,
                    settings.property("url"), "cannot connect: " + reason(e),
                    "a reachable database and valid credentials (read by group(s) " + String.join(", ", names) + ")")),
                    Map.of());
        }
        List<DefinitionError> problems = new ArrayList<>();
        try {
            for (GroupDefinition d : groups) {
                problems.addAll(checkGroup(connection, d, pool));
            }
        } finally {
            try {
                within(pool, () -> close(connection));
            } catch (Exception ignored) {
                // a check connection that does not close in time is left to the driver
            }
        }
        return new Report(problems, List.of(), Map.of(name, names));
    }

    private List<DefinitionError> checkGroup(Connection c, GroupDefinition d, ExecutorService pool) {
        QueryColumns columns;
        try {
            columns = within(pool, () -> QueryColumns.describe(c, ((io.fstore.model.SourceSpec.Sql) d.group().source().settings()).query()));
        } catch (Exception e) {
            return List.of(d.error("source.query", "cannot be prepared on datasource "
                    + d.group().source().connection() + ": " + reason(e), "a query this datasource accepts"));
        }
        List<DefinitionError> problems = GroupColumnsCheck.problems(d, columns);
        if (problems.isEmpty() && d.group().source().incrementalColumn().isPresent()) {
            // camel-jdbc's named parameters (:?name) become plain JDBC ones, left unbound: only described
            String sql = IncrementalQuery.sql(d.group().source(), true).replaceAll(":\\?\\w+", "?");
            try {
                within(pool, () -> QueryColumns.describe(c, sql));
            } catch (Exception e) {
                problems.add(d.error("source.incremental.column", "the incremental query FStore sends cannot be "
                        + "prepared: " + reason(e), "a query that can be wrapped as SELECT * FROM (query) fstore_src "
                        + "WHERE fstore_src.<column> > ? ORDER BY fstore_src.<column> (no ORDER BY or duplicate "
                        + "column names in the query)"));
            }
        }
        return problems;
    }

    private static Connection connect(DataSourceSettings s) throws SQLException {
        Driver driver = DriverManager.getDriver(s.url());
        Properties info = new Properties();
        if (!s.username().isEmpty()) {
            info.setProperty("user", s.username());
        }
        if (!s.password().isEmpty()) {
            info.setProperty("password", s.password());
        }
        Connection c = driver.connect(s.url(), info);
        if (c == null) {
            throw new SQLException("the driver " + driver.getClass().getName() + " does not accept this URL");
        }
        return c;
    }

    private <T> T within(ExecutorService pool, Callable<T> call) throws Exception {
        Future<T> f = pool.submit(call);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("no answer within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the sources", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking the sources failed", e.getCause());
        }
    }

    /** The driver's message and its distinct causes ("Connection to db:5432 refused ... (Connection refused)"). */
    private String reason(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        List<String> list = new ArrayList<>(parts);
        String text = list.get(0) + (list.size() > 1 ? " (" + String.join("; ", list.subList(1, list.size())) + ")" : "");
        return secrets.mask(text.replaceAll("\\s*\\n\\s*", " "));
    }

    private static Void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a check connection; nothing to keep
        }
        return null;
    }
}
