package io.fstore.source;

import java.time.Instant;

/**
 * What one run of a group did; saved beside the watermark and returned to whoever triggered the run.
 *
 * @param status running, succeeded or failed
 * @param error  why a failed run failed, else null
 */
public record RunSummary(String group, String status, Instant startedAt, Instant finishedAt, long rowsRead,
                         long rowsStored, long rowsQuarantined, int chunks, Watermark watermark,
                         long peakHeapBytes, String error) {
}
