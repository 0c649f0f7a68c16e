package io.fstore.store.offline;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * The offline store: every stored version of a group's rows, for training sets and audits. Nothing here names a
 * file system: an implementation may keep its data in a local folder ({@link ParquetOfflineStore}) or in an object
 * store; {@link #location} is a URI.
 *
 * <p><b>Writing</b> ({@link #write}):
 * <ul>
 *   <li>returns only when the rows are durable; or throws and leaves nothing a reader can see (no partial chunk);</li>
 *   <li>every row is stored with {@code created_timestamp = ingestedAt}, to the microsecond (as are event times and
 *       timestamp values);</li>
 *   <li>within one chunk, two rows of one (entity, event time) would tie on {@code created_timestamp}: the later row
 *       of the list is stored, the earlier is not (the same rule as the online store);</li>
 *   <li>re-writing rows (a run that resumes after a crash, a retry, the same chunk twice) is harmless: readers see
 *       each (entity, event time) once. A store may skip a row whose entity, event time and values it already holds
 *       (full-refresh groups read every source row on every run); it never skips a version it does not hold, and a
 *       write that throws changes nothing of what it considers held, so writing the same rows again stores them.</li>
 * </ul>
 *
 * <p><b>Reading</b> ({@link #read}): the deduplicated table. For each (entity, event time) the row with the newest
 * {@code created_timestamp} counts. Callers give each chunk its own ingestion time ({@code IngestionClock}), so
 * equal {@code created_timestamp}s mean the same chunk written again: one copy is read. The same rule in SQL: {@code QUALIFY
 * row_number() OVER (PARTITION BY <key>, event_timestamp ORDER BY created_timestamp DESC) = 1}. Rows are streamed:
 * a reader never holds the group's values in memory (each implementation states its bound). Order is unspecified.
 *
 * <p><b>Lifecycle.</b> Groups need no creation: the first write creates what they need. {@link #teardown} removes a
 * group's data. One store instance writes a given location at a time; any number of readers may read it meanwhile
 * (a reader sees the chunks stored when it was opened, and possibly later ones).
 */
public interface OfflineStore extends AutoCloseable {

    /**
     * Stores one chunk of a group's normalized rows, ingested at {@code ingestedAt} (see the contract above), and
     * returns how many rows it stored: rows of the chunk it already holds (unchanged rows of a full-refresh group) and
     * all but the last row of one entity and event time in the chunk are not stored, nor counted.
     */
    int write(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt);

    /**
     * The group's rows, deduplicated, as a stream the caller closes. Values are read with the types the definition
     * declares (columns the stored data lacks, such as a feature added later, read as null).
     */
    OfflineRows read(FeatureGroup group);

    /**
     * Removes everything stored for the group (rows and any bookkeeping such as the versions a store considers
     * held): a read returns no rows and the next write stores every row it is given. Not concurrent with writes of
     * the same group; a reader open on the group may fail.
     */
    void teardown(String group);

    /**
     * Where the group's data lives, for engines that read it directly (DuckDB, Spark): {@code file:} for a local
     * folder, later e.g. {@code s3:}.
     */
    URI location(String group);

    /** What and where this store is, for logs and operators (never credentials). */
    String describe();

    /** Releases files and native resources; call once, after the last write. */
    @Override
    default void close() {
    }
}
