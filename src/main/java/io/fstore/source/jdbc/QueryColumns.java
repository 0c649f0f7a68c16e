package io.fstore.source.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns a query returns, asked of the database without reading a row: the prepared statement's
 * {@link ResultSetMetaData} (PostgreSQL, MariaDB, SQL Server and H2 describe a statement without running it), or,
 * for a driver that cannot, the metadata of {@code SELECT * FROM (query) WHERE 1=0}. Names are the column labels
 * (aliases), as camel-jdbc names a row's keys; they match case-insensitively.
 */
record QueryColumns(List<Column> columns) {

    record Column(String name, int jdbcType, String typeName) {

        ColumnKind kind() {
            return ColumnKind.of(jdbcType);
        }
    }

    static QueryColumns describe(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ResultSetMetaData md = null;
            try {
                md = ps.getMetaData();
            } catch (SQLFeatureNotSupportedException notSupported) {
                // the empty-result query below
            }
            if (md != null && md.getColumnCount() > 0) {
                return of(md);
            }
        }
        try (PreparedStatement empty = c.prepareStatement("SELECT * FROM (\n" + sql + "\n) fstore_check WHERE 1=0")) {
            empty.setMaxRows(1);
            try (ResultSet rs = empty.executeQuery()) {
                return of(rs.getMetaData());
            }
        }
    }

    private static QueryColumns of(ResultSetMetaData md) throws SQLException {
        List<Column> columns = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new Column(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i)));
        }
        return new QueryColumns(List.copyOf(columns));
    }

    /** The column of this name, ignoring case (databases disagree on the case of unquoted identifiers). */
    Optional<Column> find(String name) {
        return Optional.ofNullable(byLowerName().get(name.toLowerCase(Locale.ROOT)));
    }

    boolean has(String name) {
        return find(name).isPresent();
    }

    private Map<String, Column> byLowerName() {
        Map<String, Column> byLower = new HashMap<>();
        columns.forEach(col -> byLower.putIfAbsent(col.name().toLowerCase(Locale.ROOT), col));
        return byLower;
    }

    /** "customer_id (varchar), ts (timestamp)" */
    String describeAll() {
        return String.join(", ", columns.stream().map(col -> col.name() + " (" + col.typeName() + ")").toList());
    }
}
