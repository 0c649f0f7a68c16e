package io.fstore.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.source.Causes;
import io.fstore.source.RowChunker;

/**
 * When a run's stream broke for a reason worth trying again (a connection reset between two fetches), the run cannot
 * be redelivered where it broke, so the whole run is started again from its checkpoint after a backoff: a network
 * blip must not leave a daily group failed until tomorrow. The same budget as redeliveries (fstore.retry.*): at most
 * {@code maxReruns} in a row per group, {@code delay} then x {@code multiplier} up to {@code maxDelay}; a run that
 * succeeds resets the count.
 */
public final class BrokenStreamReruns {

    private final Retriable retriable;
    private final int maxReruns;
    private final Duration delay;
    private final double multiplier;
    private final Duration maxDelay;
    private final Map<String, Integer> reruns = new ConcurrentHashMap<>();

    public BrokenStreamReruns(Retriable retriable, int maxReruns, Duration delay, double multiplier,
                              Duration maxDelay) {
        this.retriable = retriable;
        this.maxReruns = maxReruns;
        this.delay = delay;
        this.multiplier = multiplier;
        this.maxDelay = maxDelay;
    }

    /** The wait before the group runs again, if its run failed on a broken stream with a retriable cause. */
    public Optional<Duration> afterFailure(String group, Throwable error) {
        Throwable broken = Causes.find(error, RowChunker.SourceReadException.class).orElse(null);
        if (broken == null || broken.getCause() == null || !retriable.test(broken.getCause())) {
            reruns.remove(group);
            return Optional.empty();
        }
        int done = reruns.merge(group, 1, Integer::sum);
        if (done > maxReruns) {
            reruns.remove(group);
            return Optional.empty();
        }
        double millis = delay.toMillis() * Math.pow(multiplier, done - 1);
        return Optional.of(Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis())));
    }

    public void afterSuccess(String group) {
        reruns.remove(group);
    }
}
