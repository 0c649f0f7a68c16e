package io.fstore.source;

import java.time.Instant;

/**
 * What one run of a group did; saved beside the checkpoint and returned to whoever triggered the run.
 *
 * @param status         running, succeeded or failed
 * @param checkpoint     where the group's source resumes after this run (null: from the start)
 * @param runId          who holds (held) the group's run lease: the run's exchange id
 * @param leaseExpiresAt when the run's lease (max_run_time) ends: after it the group is released whatever the run does
 * @param error          why a failed run failed, else null
 * @param newestEventTime the newest event time the group has stored, in this run or an earlier one (null: none yet);
 *                        freshness is now minus this
 * @param rowsStoredTotal the rows stored by this run and every earlier one since the group's state began, carried
 *                        from run to run like newestEventTime (null: not known, a run recorded before this field)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record RunSummary(String group, String status, Instant startedAt, Instant finishedAt, long rowsRead,
                         long rowsStored, long rowsQuarantined, int chunks,
                         @com.fasterxml.jackson.annotation.JsonAlias("watermark") Checkpoint checkpoint, String runId,
                         Instant leaseExpiresAt, String error, Instant newestEventTime,
                         Long rowsStoredTotal) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public RunSummary {
    }

    /** A run whose running total is not known (rowsStoredTotal null). */
    public RunSummary(String group, String status, Instant startedAt, Instant finishedAt, long rowsRead,
                      long rowsStored, long rowsQuarantined, int chunks, Checkpoint checkpoint, String runId,
                      Instant leaseExpiresAt, String error, Instant newestEventTime) {
        this(group, status, startedAt, finishedAt, rowsRead, rowsStored, rowsQuarantined, chunks, checkpoint, runId,
                leaseExpiresAt, error, newestEventTime, null);
    }

    /** The rows the group stored since its state began: rowsStoredTotal, else (not known) this run's rowsStored. */
    public long rowsStoredSoFar() {
        return rowsStoredTotal != null ? rowsStoredTotal : rowsStored;
    }
}
