package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedPingTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Calls until the reading matches, at most 10 s; returns the matching one. */
    private static BoundedPing.Reading await(BoundedPing ping, Predicate<BoundedPing.Reading> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        BoundedPing.Reading last = ping.call();
        while (!until.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = ping.call();
        }
        return last;
    }

    /** How long one call takes, in milliseconds. */
    private static long millis(BoundedPing ping) {
        long t0 = System.nanoTime();
        ping.call();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void a_ping_that_answers_is_empty_and_gets_three_quarters_of_the_timeout() {
        List<Duration> budgets = new CopyOnWriteArrayList<>();
        BoundedPing ping = new BoundedPing(budgets::add, TIMEOUT, Duration.ZERO, Runnable::run);

        assertThat(ping.call()).isEqualTo(new BoundedPing.Reading(java.util.Optional.empty(), true));
        assertThat(ping.call().failure()).isEmpty();
        assertThat(budgets).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void an_answer_younger_than_the_interval_is_given_again_without_a_new_ping() {
        AtomicInteger started = new AtomicInteger();
        BoundedPing ping = new BoundedPing(timeout -> started.incrementAndGet(), TIMEOUT, Duration.ofHours(1),
                Runnable::run);

        assertThat(ping.call().failure()).isEmpty();
        assertThat(ping.call().failure()).isEmpty();
        ping.refresh();
        assertThat(started).hasValue(1);
    }

    @Test
    void a_ping_that_throws_gives_its_reason_with_the_root_cause() {
        BoundedPing ping = new BoundedPing(timeout -> {
            throw new SQLException("The connection attempt failed.", new ConnectException("Connection refused"));
        }, TIMEOUT, Duration.ZERO, Runnable::run);

        assertThat(ping.call().failure()).hasValue("SQLException: The connection attempt failed. (caused by "
                + "ConnectException: Connection refused)");
    }

    @Test
    void a_root_cause_already_in_the_message_is_not_repeated() {
        assertThat(BoundedPing.reason(new IllegalStateException("Redis at h:1 does not answer: refused",
                new RuntimeException("refused")))).isEqualTo("IllegalStateException: Redis at h:1 does not answer: refused");
        assertThat(BoundedPing.reason(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void a_hanging_ping_never_holds_up_a_call_reads_as_no_answer_after_the_timeout_and_is_never_doubled()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        BoundedPing ping = new BoundedPing(timeout -> {
            started.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
        }, TIMEOUT, Duration.ZERO, threads);

        BoundedPing.Reading first = ping.call();
        assertThat(first.answered()).as("no answer yet").isFalse();
        assertThat(first.failure()).hasValueSatisfying(m -> assertThat(m).startsWith("no answer yet, asked "));
        long t0 = System.nanoTime();
        BoundedPing.Reading late = await(ping, r -> r.answered());
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(late).isEqualTo(new BoundedPing.Reading(java.util.Optional.of("no answer within 400ms"), true));
        assertThat(waited).as("DOWN once the ping is older than the timeout").isBetween(300L, 2_000L);
        assertThat(millis(ping)).as("a call does not wait for the hung ping").isLessThan(100);
        assertThat(started).as("one ping in flight, not one per call").hasValue(1);

        release.countDown();
        assertThat(await(ping, r -> r.failure().isEmpty()).failure()).as("the hanging ping answered at last").isEmpty();
        await(ping, r -> started.get() >= 2);
        // interval 0: every call after the answer may start the next ping, one at a time
        assertThat(started.get()).as("new pings once the last one answered").isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_whole_second_timeout_is_named_in_seconds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BoundedPing ping = new BoundedPing(timeout -> release.await(30, TimeUnit.SECONDS), Duration.ofSeconds(1),
                Duration.ZERO, threads);
        try {
            assertThat(await(ping, BoundedPing.Reading::answered).failure()).hasValue("no answer within 1s");
        } finally {
            release.countDown();
        }
    }

    @Test
    void once_its_runner_is_shut_down_no_ping_starts_and_the_last_answer_stays() throws Exception {
        AtomicInteger started = new AtomicInteger();
        BoundedPing ping = new BoundedPing(timeout -> started.incrementAndGet(), TIMEOUT, Duration.ZERO, threads);
        assertThat(await(ping, BoundedPing.Reading::answered).failure()).isEmpty();
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        int before = started.get();

        assertThat(ping.call()).isEqualTo(new BoundedPing.Reading(java.util.Optional.empty(), true));
        ping.refresh();
        assertThat(started).hasValue(before);
    }
}
