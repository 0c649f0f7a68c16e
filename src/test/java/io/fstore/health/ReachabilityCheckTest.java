package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import io.fstore.runtime.Secrets;
import io.fstore.serving.CapturedLogs;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ReachabilityCheckTest {

    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private ReachabilityCheck check(Secrets secrets) {
        ReachabilityCheck check = new ReachabilityCheck("connection:dw", "Connection dw", Map.of("kind", "jdbc"),
                new BoundedPing(timeout -> {
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                }, Duration.ofSeconds(1), Duration.ZERO, Runnable::run), secrets);
        check.setCamelContext(new DefaultCamelContext());
        return check;
    }

    @Test
    void up_while_the_ping_answers_for_readiness_only() {
        ReachabilityCheck check = check(Secrets.none());

        HealthCheck.Result result;
        try (CapturedLogs logs = new CapturedLogs()) {
            result = check.call();
            assertThat(logs.lines()).as("nothing to say while it answers")
                    .noneMatch(l -> l.logger().equals(ReachabilityCheck.class.getName()));
        }

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getMessage()).isEmpty();
        assertThat(result.getDetails()).containsEntry("kind", "jdbc").containsEntry("timeout", "1000ms")
                .containsEntry(HealthCheck.CHECK_ID, "connection:dw");
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).as("a restart does not bring a server back").isFalse();
    }

    @Test
    void down_with_the_reason_on_one_line_as_message_in_full_as_detail_secrets_masked_then_up_again() {
        Properties props = new Properties();
        props.setProperty("fstore.connection.dw.password", "Hunter2Pw");
        ReachabilityCheck check = check(Secrets.of(props));
        failure.set(new java.sql.SQLException("FATAL: password \"Hunter2Pw\" rejected\nfor user \"etl\""));

        HealthCheck.Result down;
        try (CapturedLogs logs = new CapturedLogs()) {
            down = check.call();
            check.call();
            failure.set(null);
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(logs.lines()).filteredOn(l -> l.logger().equals(ReachabilityCheck.class.getName()))
                    .as("each change logged once").extracting(l -> l.level() + " " + l.text())
                    .containsExactly("WARN Connection dw is unreachable: SQLException: FATAL: password \"***\" "
                            + "rejected\nfor user \"etl\"", "INFO Connection dw answers again");
        }

        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue("SQLException: FATAL: password '***' rejected for user 'etl'");
        assertThat(down.getDetails()).containsEntry("error",
                "SQLException: FATAL: password \"***\" rejected\nfor user \"etl\"");
        assertThat(down.getError()).as("no raw error: Camel would print its message twice escaped").isEmpty();
    }

    @Test
    void down_without_a_log_line_until_the_first_answer_then_up() {
        List<Runnable> queued = new java.util.ArrayList<>();
        ReachabilityCheck check = new ReachabilityCheck("online-store", "The online store", Map.of(),
                new BoundedPing(timeout -> { }, Duration.ofSeconds(1), Duration.ZERO, queued::add), Secrets.none());
        check.setCamelContext(new DefaultCamelContext());

        try (CapturedLogs logs = new CapturedLogs()) {
            HealthCheck.Result waiting = check.call();
            assertThat(waiting.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(waiting.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("no answer yet, asked "));
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(queued).as("one ping in flight").hasSize(1);

            queued.remove(0).run();
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(logs.lines()).as("waiting for the first answer is no change of state")
                    .noneMatch(l -> l.logger().equals(ReachabilityCheck.class.getName()));
        }
    }
}
