package io.fstore.model;

import java.time.Duration;

/**
 * How long a run of a group may take and how much bad data it may meet before it fails.
 *
 * @param maxRunTime          the run's lease: a run older than this is treated as dead, its group released (the run,
 *                            if it is still going, can no longer move the checkpoint)
 * @param sourceTimeout       the longest one source request (a query, a page) may take before the run fails
 * @param maxQuarantineRatio  the run fails, with its checkpoint unmoved past the bad rows, once more than this share
 *                            of the rows read so far is quarantined ...
 * @param tolerateQuarantined ... and more than this many rows are quarantined (a few bad rows in a small run pass)
 */
public record RunPolicy(Duration maxRunTime, Duration sourceTimeout, double maxQuarantineRatio,
                        long tolerateQuarantined) {

    public static final RunPolicy DEFAULT = new RunPolicy(Duration.ofHours(1), Duration.ofMinutes(10), 0.05, 10);

    /** True when {@code quarantined} of {@code read} rows is more bad data than this policy lets a run store. */
    public boolean quarantineExceeded(long quarantined, long read) {
        return quarantined > tolerateQuarantined && quarantined > maxQuarantineRatio * read;
    }
}
