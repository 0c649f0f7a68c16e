package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BoundedPingTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);

    @Test
    void a_ping_that_answers_is_empty_and_gets_three_quarters_of_the_timeout() {
        List<Duration> budgets = new CopyOnWriteArrayList<>();
        BoundedPing ping = new BoundedPing(budgets::add, TIMEOUT);

        assertThat(ping.call()).isEmpty();
        assertThat(ping.call()).isEmpty();
        assertThat(budgets).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void a_ping_that_throws_gives_its_reason_with_the_root_cause() {
        BoundedPing ping = new BoundedPing(timeout -> {
            throw new SQLException("The connection attempt failed.", new ConnectException("Connection refused"));
        }, TIMEOUT);

        assertThat(ping.call()).hasValue("SQLException: The connection attempt failed. (caused by ConnectException: "
                + "Connection refused)");
    }

    @Test
    void a_root_cause_already_in_the_message_is_not_repeated() {
        assertThat(BoundedPing.reason(new IllegalStateException("Redis at h:1 does not answer: refused",
                new RuntimeException("refused")))).isEqualTo("IllegalStateException: Redis at h:1 does not answer: refused");
        assertThat(BoundedPing.reason(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void a_hanging_ping_reads_as_no_answer_in_time_and_is_waited_for_again_instead_of_piling_up() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        BoundedPing ping = new BoundedPing(timeout -> {
            started.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
        }, TIMEOUT);

        long t0 = System.nanoTime();
        assertThat(ping.call()).hasValue("no answer within 400ms");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ping.call()).hasValue("no answer within 400ms");

        assertThat(took).as("bounded by the timeout").isBetween(400L, 2_000L);
        assertThat(started).as("one ping in flight, not one per call").hasValue(1);

        release.countDown();
        assertThat(ping.call()).as("the hanging ping answered at last").isEmpty();
        assertThat(started).hasValue(1);
        assertThat(ping.call()).isEmpty();
        assertThat(started).as("a new ping once the last one answered").hasValue(2);
    }

    @Test
    void a_whole_second_timeout_is_named_in_seconds() {
        BoundedPing ping = new BoundedPing(timeout -> Thread.sleep(5_000), Duration.ofSeconds(1));

        assertThat(ping.call()).hasValue("no answer within 1s");
    }
}
