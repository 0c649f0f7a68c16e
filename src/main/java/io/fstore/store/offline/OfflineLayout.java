package io.fstore.store.offline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import io.fstore.model.FeatureGroup;

/**
 * Where a group's offline data lives under the offline folder:
 * <pre>
 *   &lt;group&gt;/created_date=YYYY-MM-DD/part-HHmmss.SSSSSS-&lt;random&gt;.parquet   one file per written chunk
 *   &lt;group&gt;/_versions/                                            what a full-refresh group already holds
 * </pre>
 * Files are grouped by the UTC date of their ingestion time ({@code created_timestamp}), not by event date: a chunk
 * of a full-refresh source spans as many event dates as the data does, and one file per event date per chunk made
 * hundreds of tiny files per run. Names sort by ingestion time within a day. Folders starting with {@code _} or
 * {@code .} are not data, as Hadoop, Spark and DuckDB's {@code <group>/*}{@code /*.parquet} glob treat them.
 */
final class OfflineLayout {

    static final String VERSIONS_FOLDER = "_versions";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SSSSSS").withZone(ZoneOffset.UTC);

    private OfflineLayout() {
    }

    /** Relative to the offline folder. */
    static String partPath(FeatureGroup group, Instant createdAt) {
        return group.name() + "/created_date=" + DAY.format(createdAt) + "/part-" + TIME.format(createdAt) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".parquet";
    }

    /** Not data: temporary files being written and folders such as {@link #VERSIONS_FOLDER}. */
    static boolean hidden(String fileName) {
        return fileName.startsWith(".") || fileName.startsWith("_");
    }
}
