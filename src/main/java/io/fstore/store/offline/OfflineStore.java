package io.fstore.store.offline;

import java.time.Instant;
import java.util.List;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * The offline store: every stored version of a group's rows, for training sets and audits.
 *
 * <p>Contract: {@link #write} returns only when the rows are durable, or throws and leaves nothing a reader can see
 * (no partial file). Every row is stored with {@code created_timestamp = ingestedAt}. Writing the same rows again
 * (a run that resumes after a crash) is harmless: readers keep, per entity and event time, the row with the newest
 * {@code created_timestamp} (see {@link OfflineReader}). A store may skip a row whose entity, event time and values
 * it already holds (full-refresh groups, which read every source row on every run); it never skips a version it does
 * not hold, and a write that throws leaves what it considers held unchanged, so the next run writes those rows again.
 */
public interface OfflineStore extends AutoCloseable {

    void write(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt);

    /** Releases files and native resources; call once, after the last write. */
    @Override
    default void close() {
    }
}
