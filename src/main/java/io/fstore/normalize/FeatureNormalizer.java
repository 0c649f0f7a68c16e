package io.fstore.normalize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FieldMapping;
import io.fstore.model.TimestampUnit;

/**
 * Turns source rows (column name -> raw value) into typed {@link FeatureRow}s of one group. Accepts the two query
 * shapes: <b>wide</b> (entity key, one column per feature, timestamp) and <b>long</b> ({@code entity_id, value,
 * timestamp} for a group with one feature). Column names match case-insensitively, because databases disagree on
 * the case of unquoted identifiers. A row that cannot be normalized is returned as a {@link QuarantinedRow} with its
 * reason.
 *
 * <p>Each row is judged on its own columns: a row lacking a needed column (the key is absent, which is not the same
 * as a null value) is quarantined with "missing column X", and the other rows of its chunk are unaffected. Where
 * each value sits is worked out once per set of column names and remembered, so the usual row (same columns as the
 * one before) costs plain map lookups.
 */
public final class FeatureNormalizer {

    public static final String LONG_ENTITY_COLUMN = "entity_id";
    public static final String LONG_VALUE_COLUMN = "value";
    /** Column sets remembered per group; rows of ever-changing shape beyond this are resolved each time. */
    private static final int MAX_LAYOUTS = 64;

    private final FeatureGroup group;
    private final List<Feature> features;
    private final Map<Set<String>, Layout> layouts = new ConcurrentHashMap<>();
    private final TimestampUnit unit;
    private final String createdField;

    public FeatureNormalizer(FeatureGroup group) {
        this.group = group;
        this.features = group.features();
        this.unit = group.source().fields().timestampUnit().orElse(null);
        this.createdField = group.source().fields().createdTimestamp().orElse(null);
    }

    public NormalizedChunk normalize(List<Map<String, Object>> rows) {
        return normalize(rows, null);
    }

    /** @param position where the chunk reaches in its source, carried through to the result */
    public NormalizedChunk normalize(List<Map<String, Object>> rows, Object position) {
        List<FeatureRow> out = new ArrayList<>(rows.size());
        List<QuarantinedRow> quarantined = new ArrayList<>();
        Layout usual = null;
        List<Instant> created = createdField == null ? null : new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Layout layout = usual;
            Object[] values = layout == null ? null : layout.read(row);
            if (values == null) { // the row's columns differ from the previous row's
                layout = layoutOf(row);
                values = layout.read(row);
                if (layout.missing == null) {
                    usual = layout;
                }
            }
            if (values == null) {
                quarantined.add(new QuarantinedRow(layout.missing, row));
            } else {
                try {
                    FeatureRow normalized = normalizeRow(layout, row, values);
                    if (created != null) {
                        created.add(createdTime(row));
                    }
                    out.add(normalized);
                } catch (IllegalArgumentException e) {
                    quarantined.add(new QuarantinedRow(e.getMessage(), row));
                }
            }
        }
        return new NormalizedChunk(group, created == null ? out : inCreatedOrder(out, created), quarantined,
                rows.size(), position);
    }

    /** A record's created time, from the group's created_timestamp field; a record without one counts as oldest. */
    private Instant createdTime(Map<String, Object> row) {
        Object raw = row.get(createdField);
        if (raw == null) {
            return Instant.MIN;
        }
        try {
            return Timestamps.toInstant(raw, unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("created timestamp " + createdField + ": " + e.getMessage());
        }
    }

    /**
     * The rows in created-time order (stable): among rows of one chunk with the same entity and event time the later
     * row wins in every sink, so the latest created one must come last.
     */
    private static List<FeatureRow> inCreatedOrder(List<FeatureRow> rows, List<Instant> created) {
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(created::get));
        List<FeatureRow> sorted = new ArrayList<>(rows.size());
        for (Integer i : order) {
            sorted.add(rows.get(i));
        }
        return sorted;
    }

    private Layout layoutOf(Map<String, Object> row) {
        Layout known = layouts.get(row.keySet());
        if (known != null) {
            return known;
        }
        Layout layout = Layout.of(group, row.keySet());
        if (layouts.size() < MAX_LAYOUTS) {
            layouts.putIfAbsent(Set.copyOf(row.keySet()), layout);
        }
        return layout;
    }

    /** @param values the row's raw feature values in declared order, coerced in place */
    private FeatureRow normalizeRow(Layout layout, Map<String, Object> row, Object[] values) {
        Object key = row.get(layout.entityColumn);
        if (key == null) {
            throw new IllegalArgumentException("entity key " + layout.entityColumn + " is null");
        }
        String entityId = key instanceof String s ? s : String.valueOf(key);
        if (entityId.isEmpty() || Character.isWhitespace(entityId.charAt(0)) && entityId.isBlank()) {
            throw new IllegalArgumentException("entity key " + layout.entityColumn + " is blank");
        }
        Object rawTs = row.get(layout.timestampColumn);
        if (rawTs == null) {
            throw new IllegalArgumentException("timestamp " + layout.timestampColumn + " is null");
        }
        Instant ts;
        try {
            ts = Timestamps.toInstant(rawTs, unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timestamp " + layout.timestampColumn + ": " + e.getMessage());
        }
        for (int i = 0; i < values.length; i++) {
            Feature f = features.get(i);
            try {
                values[i] = ValueCoercer.coerce(f, values[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feature " + f.name() + " (" + f.type().yamlName() + "): "
                        + e.getMessage());
            }
        }
        return new FeatureRow(entityId, ts, values);
    }

    /**
     * Where each needed value sits in rows with one set of column names. {@code missing} names the needed columns
     * such rows lack (null when they have them all); those columns are then looked up by their declared name.
     */
    private record Layout(String entityColumn, String timestampColumn, String[] featureColumns, String missing) {

        static Layout of(FeatureGroup group, Set<String> columns) {
            Map<String, String> byLower = new HashMap<>();
            columns.forEach(k -> byLower.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
            List<String> missing = new ArrayList<>();
            List<Feature> features = group.features();
            FieldMapping fields = group.source().fields();
            boolean longShape = fields.byName() && features.size() == 1
                    && byLower.containsKey(LONG_VALUE_COLUMN)
                    && !byLower.containsKey(features.get(0).name().toLowerCase(Locale.ROOT));
            String entityWanted = longShape && byLower.containsKey(LONG_ENTITY_COLUMN) ? LONG_ENTITY_COLUMN
                    : fields.entityKeyField(group.entity());
            String entity = column(byLower, entityWanted, missing);
            String timestamp = column(byLower, fields.timestamp(), missing);
            String[] featureColumns = new String[features.size()];
            for (int i = 0; i < featureColumns.length; i++) {
                featureColumns[i] = column(byLower, longShape ? LONG_VALUE_COLUMN : fields.fieldOf(features.get(i)),
                        missing);
            }
            String problem = missing.isEmpty() ? null
                    : "missing column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + " (the row has " + String.join(", ", columns) + ")";
            return new Layout(entity, timestamp, featureColumns, problem);
        }

        private static String column(Map<String, String> byLower, String wanted, List<String> missing) {
            String actual = byLower.get(wanted.toLowerCase(Locale.ROOT));
            if (actual == null) {
                if (!missing.contains(wanted)) {
                    missing.add(wanted);
                }
                return wanted;
            }
            return actual;
        }

        /**
         * The row's raw feature values in declared order, or null when the row lacks one of this layout's columns
         * (a key that is absent, not one whose value is null).
         */
        Object[] read(Map<String, Object> row) {
            if (!has(row, entityColumn) || !has(row, timestampColumn)) {
                return null;
            }
            Object[] values = new Object[featureColumns.length];
            for (int i = 0; i < values.length; i++) {
                Object v = row.get(featureColumns[i]);
                if (v == null && !row.containsKey(featureColumns[i])) {
                    return null;
                }
                values[i] = v;
            }
            return values;
        }

        private static boolean has(Map<String, Object> row, String column) {
            return row.get(column) != null || row.containsKey(column);
        }
    }
}
