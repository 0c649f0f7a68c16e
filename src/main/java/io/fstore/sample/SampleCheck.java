package io.fstore.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FieldMapping;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.normalize.QuarantinedRow;

/**
 * What {@code check} says of one group's sample: the problems that would quarantine its rows (a missing field, a
 * value that does not coerce to its declared type, each with how many sampled rows have it) and, as a hint, the
 * fields the source returns that the group does not use.
 *
 * @param rowsRead   records sampled
 * @param problems   each distinct reason with its count of rows, e.g. "feature orders (long): cannot read 'x' ... (3 of
 *                   20 rows)"; the source's failure alone when reading failed
 * @param unused     fields of the sampled records that no key, timestamp or feature reads
 */
public record SampleCheck(FeatureGroup group, int rowsRead, List<String> problems, List<String> unused) {

    /** Distinct problems listed in full; more are counted. */
    static final int MAX_PROBLEMS = 5;

    public boolean ok() {
        return problems.isEmpty();
    }

    public static SampleCheck of(SourceSample sample) {
        if (sample.failure().isPresent()) {
            return new SampleCheck(sample.group(), 0, List.of("cannot read the source: " + sample.failure().get()),
                    List.of());
        }
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (QuarantinedRow bad : sample.normalized().quarantined()) {
            // a reason quotes the bad value: one plain, bounded line
            reasons.merge(PreviewTable.plain(bad.reason(), PreviewTable.MAX_REASON), 1, Integer::sum);
        }
        int rows = sample.records().size();
        List<String> problems = new ArrayList<>();
        reasons.forEach((reason, count) -> {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(reason + " (" + count + " of " + rows + " rows)");
            }
        });
        if (reasons.size() > MAX_PROBLEMS) {
            problems.add("and " + (reasons.size() - MAX_PROBLEMS) + " more kinds of problem");
        }
        return new SampleCheck(sample.group(), rows, problems, unused(sample.group(), sample.records()));
    }

    /** Fields read case-insensitively, as the normalizer reads them. */
    private static List<String> unused(FeatureGroup group, List<Map<String, Object>> records) {
        Set<String> used = new LinkedHashSet<>();
        FieldMapping fields = group.source().fields();
        used.add(fields.entityKeyField(group.entity()));
        used.add(fields.timestamp());
        fields.createdTimestamp().ifPresent(used::add);
        for (Feature f : group.features()) {
            used.add(fields.fieldOf(f));
        }
        if (fields.byName() && group.features().size() == 1) {
            used.add(FeatureNormalizer.LONG_ENTITY_COLUMN);
            used.add(FeatureNormalizer.LONG_VALUE_COLUMN);
        }
        Set<String> usedLower = new LinkedHashSet<>();
        used.forEach(u -> usedLower.add(u.toLowerCase(Locale.ROOT)));
        Set<String> unused = new LinkedHashSet<>();
        for (Map<String, Object> record : records) {
            for (String field : record.keySet()) {
                if (!usedLower.contains(field.toLowerCase(Locale.ROOT))) {
                    unused.add(field);
                }
            }
        }
        return List.copyOf(unused);
    }
}
