package io.fstore.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.fstore.definition.Durations;

/**
 * The last answer of one ping (of a connection, of the online store), kept fresh in the background so that asking for
 * it never waits for a server: {@link #call()} returns at once. A ping runs on the executor when the last answer is
 * older than the interval ({@link #refresh()}, called on a schedule and by {@link #call()}), never more than one at a
 * time: a server that hangs costs one thread per check, never one per health request. A ping in flight for longer than
 * the timeout reads as "no answer within" it, whatever the last answer was. The ping itself is asked to give up after
 * three quarters of the timeout, so a client that honours it reports its own reason first.
 */
final class BoundedPing {

    /** Asks a server whether it answers: returns when it does, throws (the reason in the message) when not. */
    @FunctionalInterface
    interface Ping {
        void ping(Duration timeout) throws Exception;
    }

    /**
     * What {@link #call()} knows.
     *
     * @param failure  why the server does not answer, empty while it does
     * @param answered false until the first ping answered or outlived the timeout (then failure says so)
     */
    record Reading(Optional<String> failure, boolean answered) {
    }

    private final Ping ping;
    private final Duration timeout;
    private final Duration interval;
    private final Executor runner;
    /** The last answer, null before the first one. */
    private Optional<String> last;
    private long lastAt;
    private boolean inFlight;
    private long inFlightSince;

    /**
     * @param interval how old the last answer may be before the next ping starts
     * @param runner   runs the pings (a thread each: a ping may hang)
     */
    BoundedPing(Ping ping, Duration timeout, Duration interval, Executor runner) {
        this.ping = ping;
        this.timeout = timeout;
        this.interval = interval;
        this.runner = runner;
    }

    Duration timeout() {
        return timeout;
    }

    /** The last answer at once; starts a ping when it is due. */
    synchronized Reading call() {
        refresh();
        if (inFlight && System.nanoTime() - inFlightSince >= timeout.toNanos()) {
            return new Reading(Optional.of("no answer within " + (timeout.toMillis() % 1000 == 0
                    ? Durations.format(timeout) : timeout.toMillis() + "ms")), true);
        }
        if (last == null) {
            return new Reading(Optional.of("no answer yet, asked " + (System.nanoTime() - inFlightSince) / 1_000_000
                    + "ms ago"), false);
        }
        return new Reading(last, true);
    }

    /** Starts a ping unless one is in flight or the last answer is younger than the interval. */
    synchronized void refresh() {
        long now = System.nanoTime();
        if (inFlight || last != null && now - lastAt < interval.toNanos()) {
            return;
        }
        inFlight = true;
        inFlightSince = now;
        Duration budget = timeout.multipliedBy(3).dividedBy(4);
        try {
            runner.execute(() -> {
                Optional<String> answer;
                try {
                    ping.ping(budget);
                    answer = Optional.empty();
                } catch (Exception | LinkageError e) {
                    answer = Optional.of(reason(e));
                }
                answered(answer);
            });
        } catch (RejectedExecutionException stopped) {
            inFlight = false; // the health checks are stopped: no more pings
        }
    }

    private synchronized void answered(Optional<String> answer) {
        last = answer;
        lastAt = System.nanoTime();
        inFlight = false;
    }

    /** The failure as {@code Type: message}, and its root cause when that says more. */
    static String reason(Throwable failure) {
        String text = describe(failure);
        Throwable root = io.fstore.source.Causes.root(failure);
        if (root != failure && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (caused by " + describe(root) + ")";
        }
        return text;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
