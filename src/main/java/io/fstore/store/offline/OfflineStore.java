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
 * {@code created_timestamp} (see {@link OfflineReader}).
 */
public interface OfflineStore {

    void write(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt);
}
