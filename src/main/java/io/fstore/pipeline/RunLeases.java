package io.fstore.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per group at a time, as a lease: a run holds its group until it releases it or until its maximum run time
 * has passed, whichever comes first. An expired lease is taken over by the next trigger, so a run that hangs or dies
 * without cleaning up (an {@link Error}, a lost thread) releases its group at the latest after {@code max_run_time};
 * the old run, should it wake up, can no longer commit a checkpoint ({@link #holds} is false).
 */
public final class RunLeases {

    private static final Logger LOG = LoggerFactory.getLogger(RunLeases.class);

    /** Who runs a group (the exchange of the run), since when, and until when at most. */
    public record Lease(String group, String holder, Instant startedAt, Instant expiresAt) {
    }

    private final Map<String, Lease> held = new HashMap<>();

    /** The lease of a new run, or empty when a live run holds the group. */
    public synchronized Optional<Lease> acquire(String group, String holder, Duration maxRunTime, Instant now) {
        Lease current = held.get(group);
        if (current != null && now.isBefore(current.expiresAt())) {
            return Optional.empty();
        }
        if (current != null) {
            LOG.warn("Run {} of group {} started at {} exceeded its max_run_time (lease expired at {}); the group is "
                    + "released and the old run can no longer move the checkpoint", current.holder(), group,
                    current.startedAt(), current.expiresAt());
        }
        Lease lease = new Lease(group, holder, now, now.plus(maxRunTime));
        held.put(group, lease);
        return Optional.of(lease);
    }

    /** The live lease of the group's run, or empty when no run holds it (none, or its lease expired). */
    public synchronized Optional<Lease> current(String group, Instant now) {
        Lease current = held.get(group);
        return current != null && now.isBefore(current.expiresAt()) ? Optional.of(current) : Optional.empty();
    }

    /** True while this lease is the group's current one and has not expired. */
    public synchronized boolean holds(Lease lease, Instant now) {
        return held.get(lease.group()) == lease && now.isBefore(lease.expiresAt());
    }

    /** True while this lease is the group's current one, expired or not (nobody took the group over yet). */
    public synchronized boolean isCurrent(Lease lease) {
        return held.get(lease.group()) == lease;
    }

    /** Releases the group if this lease still holds it; returns whether it did. Safe to call more than once. */
    public synchronized boolean release(Lease lease) {
        return held.remove(lease.group(), lease);
    }

    /** Throws when {@code lease} no longer holds its group: the run outlived its max_run_time and may not commit. */
    public void require(Lease lease, io.fstore.source.GroupRun run, Instant now) {
        if (lease != null && !holds(lease, now)) {
            throw new RunLeaseLostException("Run " + lease.holder() + " of group " + run.group().name()
                    + " outlived its max_run_time (" + run.group().runPolicy().maxRunTime()
                    + "); it stops without moving the checkpoint");
        }
    }
}
