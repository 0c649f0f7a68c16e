package io.fstore.source.jdbc;

import io.fstore.model.SourceSpec;

/**
 * The SQL FStore sends for a group. The user's query passes through untouched (CTEs, joins, window functions); for
 * incremental groups it is wrapped so rows arrive in incremental-column order and only rows newer than the saved
 * checkpoint are read. The checkpoint travels as a bound parameter, never as SQL text.
 */
public final class IncrementalQuery {

    /** The header camel-jdbc binds to the {@code :?fstoreCursor} placeholder. */
    public static final String CURSOR_PARAMETER = "fstoreCursor";

    private IncrementalQuery() {
    }

    public static String sql(SourceSpec source, boolean hasCheckpoint) {
        String query = ((SourceSpec.Sql) source.settings()).query();
        if (source.incrementalColumn().isEmpty()) {
            return query;
        }
        String column = "fstore_src." + source.incrementalColumn().get();
        String where = hasCheckpoint ? " WHERE " + column + " > :?" + CURSOR_PARAMETER : "";
        return "SELECT * FROM (\n" + query + "\n) fstore_src" + where + " ORDER BY " + column;
    }
}
