package io.fstore.store.offline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;

/** Partitions normalized rows by the UTC date of their event time: one {@link OfflinePart} (file) per date. */
public final class OfflineRows {

    private OfflineRows() {
    }

    public static List<OfflinePart> partitions(FeatureGroup group, List<FeatureRow> rows, Instant createdAt) {
        long created = Timestamps.toMicros(createdAt);
        Map<LocalDate, List<FeatureRow>> byDate = new TreeMap<>();
        for (FeatureRow row : rows) {
            byDate.computeIfAbsent(LocalDate.ofInstant(row.eventTimestamp(), ZoneOffset.UTC), d -> new ArrayList<>())
                    .add(row);
        }
        List<OfflinePart> parts = new ArrayList<>(byDate.size());
        byDate.forEach((date, dated) -> parts.add(new OfflinePart(group,
                group.name() + "/date=" + date + "/part-" + UUID.randomUUID() + ".parquet", dated, created)));
        return parts;
    }
}
