package io.fstore.source;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;

/**
 * One run of one group: counts what happened and decides how far the watermark may move once a chunk is stored in
 * both sinks. Rows arrive in incremental order, but the last value of a chunk may continue into the next chunk, so
 * mid-run the watermark only moves to the greatest value strictly below the newest one seen; at the end of the run
 * it moves to the newest. A crash therefore re-reads at most the rows of one value: no row is lost, and the
 * repeats are harmless (newest-wins online, deduplicated on read offline).
 */
public final class GroupRun {

    private final FeatureGroup group;
    private final Instant startedAt;
    private final Clock clock;
    private Watermark watermark;
    private Comparable<Object> newest;
    private Comparable<Object> safe;
    private long rowsRead;
    private long rowsStored;
    private long rowsQuarantined;
    private int chunks;
    private final String runId;
    private final Instant leaseExpiresAt;

    public GroupRun(FeatureGroup group, Optional<Watermark> start, Clock clock) {
        this(group, start, clock, null, null);
    }

    /** A run that holds its group under lease {@code runId} until {@code leaseExpiresAt}. */
    public GroupRun(FeatureGroup group, Optional<Watermark> start, Clock clock, String runId, Instant leaseExpiresAt) {
        this.group = group;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.watermark = start.orElse(null);
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

    public FeatureGroup group() {
        return group;
    }

    public Optional<Watermark> watermark() {
        return Optional.ofNullable(watermark);
    }

    /** Records a chunk stored in both sinks; returns the watermark to save, if it moved. */
    public synchronized Optional<Watermark> chunkStored(NormalizedChunk chunk) {
        chunks++;
        rowsRead += chunk.sourceRows();
        rowsStored += chunk.rows().size();
        rowsQuarantined += chunk.quarantined().size();
        if (chunk.lastIncremental() == null) {
            return Optional.empty();
        }
        if (chunk.belowLastIncremental() != null) {
            safe = chunk.belowLastIncremental();
        } else if (newest != null && newest.compareTo(chunk.lastIncremental()) < 0) {
            safe = newest;
        }
        newest = chunk.lastIncremental();
        return move(safe);
    }

    /** The run read every row: the newest value seen is complete. */
    public synchronized RunSummary finish() {
        move(newest);
        return summary("succeeded", clock.instant());
    }

    public synchronized RunSummary progress() {
        return summary("running", null);
    }

    /** The run stopped on an error; the watermark stays where the last stored chunk left it. */
    public synchronized RunSummary failed(String error) {
        RunSummary s = summary("failed", clock.instant());
        return new RunSummary(s.group(), s.status(), s.startedAt(), s.finishedAt(), s.rowsRead(), s.rowsStored(),
                s.rowsQuarantined(), s.chunks(), s.watermark(), s.runId(), s.leaseExpiresAt(), error);
    }

    private Optional<Watermark> move(Comparable<Object> to) {
        String column = group.source().incrementalColumn().orElse(null);
        if (to == null || column == null) {
            return Optional.empty();
        }
        Watermark next = Watermark.of(column, to);
        if (next.equals(watermark)) {
            return Optional.empty();
        }
        watermark = next;
        return Optional.of(next);
    }

    private RunSummary summary(String status, Instant finishedAt) {
        return new RunSummary(group.name(), status, startedAt, finishedAt, rowsRead, rowsStored, rowsQuarantined,
                chunks, watermark, runId, leaseExpiresAt, null);
    }
}
