package io.fstore.source.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.GroupDefinition;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.normalize.FeatureNormalizer;

/**
 * Whether the columns a group's query returns are the ones its definition declares, as the normalizer will look them
 * up: the entity key, the timestamp, one column per feature (or the long shape {@code entity_id, value, <timestamp>}
 * of a one-feature group) and the incremental column, matched case-insensitively, each of a type the normalizer can
 * read as the declared one. Every problem names the definition's file, line and field.
 */
final class GroupColumnsCheck {

    private GroupColumnsCheck() {
    }

    static List<DefinitionError> problems(GroupDefinition definition, QueryColumns columns) {
        FeatureGroup group = definition.group();
        List<Feature> features = group.features();
        boolean longShape = features.size() == 1 && columns.has(FeatureNormalizer.LONG_VALUE_COLUMN)
                && !columns.has(features.get(0).name());
        String entityColumn = longShape && columns.has(FeatureNormalizer.LONG_ENTITY_COLUMN)
                ? FeatureNormalizer.LONG_ENTITY_COLUMN : group.entity().key();

        List<String> missing = new ArrayList<>();
        List<DefinitionError> problems = new ArrayList<>();
        check(definition, columns, new Role(entityColumn, "entity key", "the entity key", "entity.key"),
                ColumnKind.KEYS, "any column but binary data", missing, problems);
        check(definition, columns, new Role(group.source().timestampColumn(), "timestamp", "the timestamp",
                "source.timestamp"), ColumnKind.TIMESTAMPS, ColumnKind.TIMESTAMP_EXPECTED, missing, problems);
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            Role role = new Role(longShape ? FeatureNormalizer.LONG_VALUE_COLUMN : f.name(),
                    longShape ? "feature " + f.name() : "feature",
                    "feature " + f.name() + " (" + f.type().yamlName() + ")", "features[" + i + "].type");
            check(definition, columns, role, ColumnKind.readableAs(f.type()), ColumnKind.expectedFor(f.type()),
                    missing, problems);
        }
        Optional<String> incremental = group.source().incrementalColumn();
        incremental.ifPresent(c -> check(definition, columns, new Role(c, "incremental column",
                        "the incremental column", "source.incremental.column"), ColumnKind.CURSORS,
                "a timestamp, date, integer, decimal or text column: values that only grow", missing, problems));
        if (!missing.isEmpty()) {
            problems.add(0, definition.error("source.query", "returns no column " + String.join(", ", missing)
                    + "; it returns " + columns.describeAll(), expectedColumns(group)));
        }
        return problems;
    }

    /**
     * One column the normalizer will look up.
     *
     * @param missingAs how a missing column is listed: {@code ts (timestamp)}
     * @param readAs    who reads it, in a type problem: {@code the feature orders (long) is read from ...}
     * @param field     the definition field a type problem is reported at
     */
    private record Role(String column, String missingAs, String readAs, String field) {
    }

    private static void check(GroupDefinition definition, QueryColumns columns, Role role, Set<ColumnKind> readable,
                              String expected, List<String> missing, List<DefinitionError> problems) {
        Optional<QueryColumns.Column> found = columns.find(role.column());
        if (found.isEmpty()) {
            missing.add(role.column() + " (" + role.missingAs() + ")");
            return;
        }
        QueryColumns.Column c = found.get();
        if (!readable.contains(c.kind())) {
            problems.add(definition.error(role.field(), role.readAs() + " is read from column " + c.name() + ", "
                    + c.kind().describe() + " (" + c.typeName() + ")", expected));
        }
    }

    private static String expectedColumns(FeatureGroup group) {
        String ts = group.source().timestampColumn();
        String wide = "columns named " + group.entity().key() + ", " + ts + " and one per feature ("
                + String.join(", ", group.features().stream().map(Feature::name).toList()) + ")";
        String text = group.features().size() == 1
                ? wide + ", or entity_id, value, " + ts : wide;
        return text + "; case does not matter, rename with AS in the query";
    }
}
