package io.fstore.source.jdbc;

import java.sql.Types;
import java.util.EnumSet;
import java.util.Set;

import io.fstore.model.ValueType;

/**
 * What a result column holds, from its JDBC type, coarse enough to say whether the normalizer can read it as a
 * declared type. Drivers disagree on details (PostgreSQL reports {@code boolean} as BIT, MariaDB a comparison as
 * INTEGER), so the families are wide; an unknown type ({@code OTHER}, e.g. PostgreSQL {@code uuid}/{@code json}) is
 * given the benefit of the doubt.
 */
enum ColumnKind {
    INTEGER("an integer"), DECIMAL("a decimal"), FLOATING("a floating-point"), BOOLEAN("a boolean"),
    TEXT("a text"), TIMESTAMP("a date/timestamp"), TIME("a time-of-day"), BINARY("a binary"), ARRAY("an array"),
    UNKNOWN("an unknown");

    private final String article;

    ColumnKind(String article) {
        this.article = article;
    }

    /** "a text column", "an integer column" */
    String describe() {
        return article + " column";
    }

    static ColumnKind of(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.FLOAT, Types.REAL, Types.DOUBLE -> FLOATING;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> TEXT;
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> TIME;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            case Types.ARRAY -> ARRAY;
            default -> UNKNOWN;
        };
    }

    private static final Set<ColumnKind> NUMBERS = EnumSet.of(INTEGER, DECIMAL, FLOATING, UNKNOWN);

    /**
     * Column kinds a feature of this type may be read from: what the normalizer converts without guessing. Text is
     * only for string features: a text column may hold anything, so a typed feature wants a typed column (or a CAST
     * in the query).
     */
    static Set<ColumnKind> readableAs(ValueType type) {
        return switch (type) {
            case LONG, DOUBLE, DECIMAL -> NUMBERS;
            case BOOL -> EnumSet.of(BOOLEAN, INTEGER, DECIMAL, UNKNOWN);
            case TIMESTAMP -> TIMESTAMPS;
            case STRING -> EnumSet.complementOf(EnumSet.of(BINARY));
            // an array column, or a JSON array as text
            case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL, VECTOR -> EnumSet.of(ARRAY, TEXT, UNKNOWN);
        };
    }

    /** Event times: dates and timestamps, or epoch seconds/milliseconds as integers. */
    static final Set<ColumnKind> TIMESTAMPS = EnumSet.of(TIMESTAMP, INTEGER, UNKNOWN);
    /** Entity keys become text: anything but binary data. */
    static final Set<ColumnKind> KEYS = EnumSet.complementOf(EnumSet.of(BINARY));
    /** What a saved checkpoint (an ordered cursor value) can hold and bind back (see {@code CursorValue}). */
    static final Set<ColumnKind> CURSORS = EnumSet.of(TIMESTAMP, INTEGER, DECIMAL, TEXT, UNKNOWN);

    /** What to write instead, for a column of a kind not in {@link #readableAs}. */
    static String expectedFor(ValueType type) {
        return switch (type) {
            case LONG -> "an integer, decimal or floating-point column, e.g. CAST(x AS BIGINT) in the query";
            case DOUBLE -> "an integer, decimal or floating-point column, e.g. CAST(x AS DOUBLE PRECISION) in the query";
            case DECIMAL -> "an integer, decimal or floating-point column, e.g. CAST(x AS DECIMAL(p,s)) in the query";
            case BOOL -> "a boolean column or an integer 0/1, e.g. (x = 'Y') in the query";
            case TIMESTAMP -> TIMESTAMP_EXPECTED;
            case STRING -> "any column but binary data";
            case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL, VECTOR ->
                    "an array column (e.g. bigint[], double precision[], real[], text[]) or a JSON array as text";
        };
    }

    static final String TIMESTAMP_EXPECTED = "a timestamp or date column, or epoch seconds/milliseconds as an integer, "
            + "e.g. CAST(x AS TIMESTAMP) in the query";
}
