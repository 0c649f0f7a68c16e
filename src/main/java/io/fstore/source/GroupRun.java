package io.fstore.source;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;

/**
 * One bounded run of one group: counts what happened and asks its source kind's {@link CheckpointTracker} how far the
 * checkpoint may move once a chunk is stored in every sink.
 */
public final class GroupRun {

    private final FeatureGroup group;
    private final Instant startedAt;
    private final Clock clock;
    private final CheckpointTracker tracker;
    private Checkpoint checkpoint;
    private long rowsRead;
    private long rowsStored;
    private long rowsQuarantined;
    private int chunks;
    private final String runId;
    private final Instant leaseExpiresAt;
    private Instant newestEventTime;
    /** The rows earlier runs stored since the group's state began. */
    private final long rowsStoredBefore;

    /** A run that holds its group under lease {@code runId} until {@code leaseExpiresAt}. */
    public GroupRun(FeatureGroup group, CheckpointTracker tracker, Clock clock, String runId,
                    Instant leaseExpiresAt) {
        this(group, tracker, clock, runId, leaseExpiresAt, (RunSummary) null);
    }

    /** @param newestEventTime the newest event time earlier runs stored (null: none) */
    public GroupRun(FeatureGroup group, CheckpointTracker tracker, Clock clock, String runId,
                    Instant leaseExpiresAt, Instant newestEventTime) {
        this(group, tracker, clock, runId, leaseExpiresAt, newestEventTime, 0);
    }

    /**
     * A run that carries on from the group's last run ({@code data/state/<group>.json}): its newest event time and
     * its running total of rows stored.
     *
     * @param previous the group's last run, finished or cut short (null: none)
     */
    public GroupRun(FeatureGroup group, CheckpointTracker tracker, Clock clock, String runId,
                    Instant leaseExpiresAt, RunSummary previous) {
        this(group, tracker, clock, runId, leaseExpiresAt, previous == null ? null : previous.newestEventTime(),
                previous == null ? 0 : previous.rowsStoredSoFar());
    }

    private GroupRun(FeatureGroup group, CheckpointTracker tracker, Clock clock, String runId,
                     Instant leaseExpiresAt, Instant newestEventTime, long rowsStoredBefore) {
        this.newestEventTime = newestEventTime;
        this.rowsStoredBefore = rowsStoredBefore;
        this.group = group;
        this.tracker = tracker;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.checkpoint = tracker.current().orElse(null);
        this.runId = runId;
        this.leaseExpiresAt = leaseExpiresAt;
    }

    /** Rows read in the chunks stored so far. */
    public synchronized long rowsRead() {
        return rowsRead;
    }

    /** Rows quarantined in the chunks stored so far. */
    public synchronized long rowsQuarantined() {
        return rowsQuarantined;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public CheckpointTracker tracker() {
        return tracker;
    }

    public FeatureGroup group() {
        return group;
    }

    /** The newest event time stored by this run or an earlier one. */
    public synchronized Optional<Instant> newestEventTime() {
        return Optional.ofNullable(newestEventTime);
    }

    public synchronized Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** The chunks stored in every sink so far in this run. */
    public synchronized int chunksStored() {
        return chunks;
    }

    /** Records a chunk stored in every sink; returns the checkpoint to commit, if it moved. */
    public synchronized Optional<Checkpoint> chunkStored(NormalizedChunk chunk) {
        chunks++;
        rowsRead += chunk.sourceRows();
        rowsStored += chunk.rows().size();
        rowsQuarantined += chunk.quarantined().size();
        for (io.fstore.model.FeatureRow row : chunk.rows()) {
            if (newestEventTime == null || row.eventTimestamp().isAfter(newestEventTime)) {
                newestEventTime = row.eventTimestamp();
            }
        }
        Optional<Checkpoint> moved = tracker.chunkStored(chunk.position());
        moved.ifPresent(c -> checkpoint = c);
        return moved;
    }

    /** The run read every record: the checkpoint moves to the end of what it read. */
    public synchronized RunSummary finish() {
        tracker.endOfInput().ifPresent(c -> checkpoint = c);
        return summary("succeeded", clock.instant());
    }

    public synchronized RunSummary progress() {
        return summary("running", null);
    }

    /** The run stopped on an error; the checkpoint stays where the last stored chunk left it. */
    public synchronized RunSummary failed(String error) {
        RunSummary s = summary("failed", clock.instant());
        return new RunSummary(s.group(), s.status(), s.startedAt(), s.finishedAt(), s.rowsRead(), s.rowsStored(),
                s.rowsQuarantined(), s.chunks(), s.checkpoint(), s.runId(), s.leaseExpiresAt(), error, s.newestEventTime(),
                s.rowsStoredTotal());
    }

    private RunSummary summary(String status, Instant finishedAt) {
        return new RunSummary(group.name(), status, startedAt, finishedAt, rowsRead, rowsStored, rowsQuarantined,
                chunks, checkpoint, runId, leaseExpiresAt, null, newestEventTime, rowsStoredBefore + rowsStored);
    }
}
