package io.fstore.model;

import java.util.Optional;

/**
 * Where a group's records come from: the parts every source kind shares (kind, connection, field mapping, the
 * incremental field) and the kind's own settings ({@link KindSettings}: a SQL query, a MongoDB collection and filter,
 * ...), which only that kind's package reads.
 *
 * @param connection        name of a configured connection of this kind ({@code fstore.connection.<name>.*})
 * @param fields            where the entity key, event time, created time and each feature sit in a source record
 * @param incrementalColumn when present, only records whose value in this field is greater than the saved checkpoint
 *                          are read, in this field's order
 */
public record SourceSpec(String kind, String connection, FieldMapping fields, Optional<String> incrementalColumn,
                         KindSettings settings) {

    /** A kind's own part of a source definition (a marker: the pipeline never looks inside). */
    public interface KindSettings {
    }

    /** The settings of {@code kind: jdbc}: the user's query, passed through untouched. */
    public record Sql(String query) implements KindSettings {
    }

    /** A {@code kind: jdbc} source with the default field mapping (tests, demos). */
    public SourceSpec(String kind, String connection, String query, String timestampColumn,
                      Optional<String> incrementalColumn) {
        this(kind, connection, FieldMapping.of(timestampColumn), incrementalColumn, new Sql(query));
    }

    public String timestampColumn() {
        return fields.timestamp();
    }
}
