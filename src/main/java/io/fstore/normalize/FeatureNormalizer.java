package io.fstore.normalize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * Turns source rows (column name -> raw value) into typed {@link FeatureRow}s of one group. Accepts the two query
 * shapes: <b>wide</b> (entity key, one column per feature, timestamp) and <b>long</b> ({@code entity_id, value,
 * timestamp} for a group with one feature). Column names match case-insensitively, because databases disagree on
 * the case of unquoted identifiers. A row that cannot be normalized is returned as a {@link QuarantinedRow} with its
 * reason.
 */
public final class FeatureNormalizer {

    public static final String LONG_ENTITY_COLUMN = "entity_id";
    public static final String LONG_VALUE_COLUMN = "value";

    private final FeatureGroup group;
    private final List<Feature> features;

    public FeatureNormalizer(FeatureGroup group) {
        this.group = group;
        this.features = group.features();
    }

    public NormalizedChunk normalize(List<Map<String, Object>> rows) {
        List<FeatureRow> out = new ArrayList<>(rows.size());
        List<QuarantinedRow> quarantined = new ArrayList<>();
        if (rows.isEmpty()) {
            return new NormalizedChunk(group, out, quarantined, 0, null, null);
        }
        Layout layout = Layout.of(group, rows.get(0));
        Comparable<Object> last = null;
        Comparable<Object> belowLast = null;
        for (Map<String, Object> row : rows) {
            try {
                out.add(normalizeRow(layout, row));
            } catch (IllegalArgumentException e) {
                quarantined.add(new QuarantinedRow(e.getMessage(), row));
            }
            Comparable<Object> inc = layout.incremental(row);
            if (inc != null) {
                if (last != null && inc.compareTo(last) != 0) {
                    belowLast = last;
                }
                last = inc;
            }
        }
        return new NormalizedChunk(group, out, quarantined, rows.size(), last, belowLast);
    }

    private FeatureRow normalizeRow(Layout layout, Map<String, Object> row) {
        if (layout.missing.isPresent()) {
            throw new IllegalArgumentException(layout.missing.get());
        }
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
            ts = Timestamps.toInstant(rawTs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timestamp " + layout.timestampColumn + ": " + e.getMessage());
        }
        Object[] values = new Object[features.size()];
        for (int i = 0; i < values.length; i++) {
            Feature f = features.get(i);
            try {
                values[i] = ValueCoercer.coerce(f, row.get(layout.featureColumns[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feature " + f.name() + " (" + f.type().yamlName() + "): "
                        + e.getMessage());
            }
        }
        return new FeatureRow(entityId, ts, values);
    }

    /** Where each needed value sits in a row, worked out once per chunk from the first row's column names. */
    private record Layout(String entityColumn, String timestampColumn, String[] featureColumns,
                          String incrementalColumn, Optional<String> missing) {

        static Layout of(FeatureGroup group, Map<String, Object> sample) {
            Map<String, String> byLower = new HashMap<>();
            sample.keySet().forEach(k -> byLower.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
            List<String> missing = new ArrayList<>();
            List<Feature> features = group.features();
            boolean longShape = features.size() == 1
                    && byLower.containsKey(LONG_VALUE_COLUMN)
                    && !byLower.containsKey(features.get(0).name());
            String entityWanted = longShape && byLower.containsKey(LONG_ENTITY_COLUMN) ? LONG_ENTITY_COLUMN
                    : group.entity().key();
            String entity = column(byLower, entityWanted, missing);
            String timestamp = column(byLower, group.source().timestampColumn(), missing);
            String[] featureColumns = new String[features.size()];
            for (int i = 0; i < featureColumns.length; i++) {
                featureColumns[i] = column(byLower, longShape ? LONG_VALUE_COLUMN : features.get(i).name(), missing);
            }
            String incremental = group.source().incrementalColumn()
                    .map(c -> column(byLower, c, missing)).orElse(null);
            Optional<String> problem = missing.isEmpty() ? Optional.empty()
                    : Optional.of("missing column(s) " + String.join(", ", missing) + " (the query returned "
                    + String.join(", ", sample.keySet()) + ")");
            return new Layout(entity, timestamp, featureColumns, incremental, problem);
        }

        private static String column(Map<String, String> byLower, String wanted, List<String> missing) {
            String actual = byLower.get(wanted.toLowerCase(Locale.ROOT));
            if (actual == null) {
                missing.add(wanted);
                return wanted;
            }
            return actual;
        }

        @SuppressWarnings("unchecked")
        Comparable<Object> incremental(Map<String, Object> row) {
            return incrementalColumn == null ? null : (Comparable<Object>) row.get(incrementalColumn);
        }
    }
}
