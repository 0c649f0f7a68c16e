package io.fstore.source;

import io.fstore.model.SourceSpec;

/**
 * The SQL FStore sends for a group. The user's query passes through untouched (CTEs, joins, window functions); for
 * incremental groups it is wrapped so rows arrive in incremental-column order and only rows newer than the saved
 * watermark are read. The watermark travels as a bound parameter, never as SQL text.
 */
public final class IncrementalQuery {

    /** The header camel-jdbc binds to the {@code :?fstoreWatermark} placeholder. */
    public static final String WATERMARK_PARAMETER = "fstoreWatermark";

    private IncrementalQuery() {
    }

    public static String sql(SourceSpec source, boolean hasWatermark) {
        if (source.incrementalColumn().isEmpty()) {
            return source.query();
        }
        String column = "fstore_src." + source.incrementalColumn().get();
        String where = hasWatermark ? " WHERE " + column + " > :?" + WATERMARK_PARAMETER : "";
        return "SELECT * FROM (\n" + source.query() + "\n) fstore_src" + where + " ORDER BY " + column;
    }
}
