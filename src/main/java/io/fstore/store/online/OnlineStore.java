package io.fstore.store.online;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/**
 * The latest value per (group, entity, feature). Every implementation follows exactly this contract, and
 * {@code OnlineStoreContract} asserts it against each of them.
 *
 * <p><b>Lifecycle.</b> {@link #create} prepares a group (tables, column families, scripts: whatever the store needs)
 * and is called at startup for every group, before the group is written or read; it is idempotent and never removes
 * values, also not those of features the group no longer declares. {@link #teardown} removes every value of one group
 * and nothing of any other group; a group torn down and created again starts empty.
 *
 * <p><b>One write path.</b> {@link #writeRows} writes a chunk of one group's normalized rows, all ingested at one
 * instant (the chunk's {@code created_timestamp}). Batch sources and pushed rows go through it alike.
 *
 * <p><b>The rule, per (entity, feature).</b> Every stored value carries its version: (event time, ingestion time),
 * both in microseconds. A write replaces a stored value when its version is not older than the stored one's:
 * <ul>
 *   <li>a newer event time wins; an older event time never regresses a value, even when ingested later;</li>
 *   <li>at equal event times the later ingestion wins (a refund that corrects an aggregate without a newer event
 *       time reaches the store); an earlier ingestion does not replace;</li>
 *   <li>at an equal version (same event time, same ingestion time) the write replaces, so writing a chunk again
 *       leaves the same values: retries are idempotent;</li>
 *   <li>within one chunk the newest row per entity is written (on equal event times the later row in list order),
 *       with every feature of that row at the row's event time;</li>
 *   <li>each feature is decided on its own: a row may replace some features of an entity and not others (when they
 *       were stored by different versions), and a feature the written group does not declare (one it declared
 *       before, or one of the same name in another group) is left untouched;</li>
 *   <li>a null value is a value: it replaces like any other and reads back as present with value null.</li>
 * </ul>
 * The offline store keeps the same order, so both agree on which row is the latest.
 *
 * <p><b>ttl.</b> A value whose event time is more than the group's ttl before the read time is <em>missing</em>, as if
 * it had never been written: {@code OnlineLookup} serves it with status {@code missing}, a null value and no event
 * time, on every store, feature by feature. Stores may drop such values (Redis expires an entity's hash ttl after the
 * newest event time of any of its features) or keep them (embedded, PostgreSQL); the answer is the same.
 *
 * <p><b>Durability and failures.</b> {@link #writeRows} returns when the chunk is durable and throws when any of it
 * failed; a failed chunk may have landed in part, and writing it again (same rows, same ingestion time) completes it
 * without changing what had landed.
 */
public interface OnlineStore extends AutoCloseable {

    /** Prepares the store for {@code group}: idempotent, keeps every stored value, called at startup per group. */
    void create(FeatureGroup group);

    /**
     * Writes a chunk of normalized rows of one group, ingested at {@code ingestedAt} (the rows' created_timestamp),
     * by the rule above; returns when the chunk is durable, throws when any of it failed.
     */
    void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt);

    /**
     * Reads many entities x many features of one group. The result has one map per requested entity, in order,
     * holding only the features that have a value (absent key = missing).
     */
    List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features);

    /** Removes every value of {@code group}, and nothing of any other group. */
    void teardown(String group);

    /**
     * Whether the store can serve reads and writes now, for the readiness check {@code online-store} on
     * {@code /observe/health}: returns when it can; throws when it cannot (its server is away, it is closed), the
     * reason in the exception's message (never credentials). It reads and writes no value of any group, may be called
     * at any time, concurrently with reads and writes, and once the server is back it answers again without a
     * restart (as reads and writes do). It gives up after about {@code timeout} where the store's client allows (a
     * client with a fixed timeout keeps its own); the health check bounds the wait anyway.
     */
    void ping(java.time.Duration timeout);

    /** What and where this store is, for logs and operators (never credentials). */
    String describe();

    @Override
    void close();
}
