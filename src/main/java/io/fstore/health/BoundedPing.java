package io.fstore.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fstore.definition.Durations;

/**
 * One ping (of a connection, of the online store) bounded by a timeout: it runs on a thread of its own and the caller
 * waits at most the timeout for its answer. A ping still running then is left to finish, and the next call waits for
 * that same ping again instead of starting another: a server that hangs costs one thread per check, never one per
 * health request. The ping itself is asked to give up after three quarters of the timeout, so a client that honours it
 * reports its own reason before the wait ends.
 */
final class BoundedPing {

    /** Asks a server whether it answers: returns when it does, throws (the reason in the message) when not. */
    @FunctionalInterface
    interface Ping {
        void ping(Duration timeout) throws Exception;
    }

    /** Threads come and go with pings (none is kept idle more than a minute); daemons never hold the JVM. */
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread t = new Thread(task, "fstore-health-ping");
                t.setDaemon(true);
                return t;
            });

    private final Ping ping;
    private final Duration timeout;
    private Future<?> inFlight;

    BoundedPing(Ping ping, Duration timeout) {
        this.ping = ping;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** Empty when the ping answered within the timeout, else why not. */
    synchronized Optional<String> call() {
        if (inFlight == null) {
            Duration budget = timeout.multipliedBy(3).dividedBy(4);
            inFlight = THREADS.submit(() -> {
                ping.ping(budget);
                return null;
            });
        }
        try {
            inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            inFlight = null;
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + (timeout.toMillis() % 1000 == 0 ? Durations.format(timeout)
                    : timeout.toMillis() + "ms"));
        } catch (ExecutionException e) {
            inFlight = null;
            return Optional.of(reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for an answer");
        }
    }

    /** The failure as {@code Type: message}, and its root cause when that says more. */
    static String reason(Throwable failure) {
        String text = describe(failure);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
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
