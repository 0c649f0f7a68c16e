package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStepsTest {

    @Test
    void a_trigger_that_fires_while_the_group_runs_is_skipped_and_the_next_one_runs(@TempDir Path dir) throws Exception {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RunSteps steps = new RunSteps(new FeatureGroups(List.of(group)), new GroupStateStore(dir.resolve("state")),
                    new RunLeases(), Clock.systemUTC(), new Readiness(List.of()));

            Exchange first = trigger(camel, steps, group);
            Exchange overlapping = trigger(camel, steps, group);
            RunSummary done = steps.finish(first);
            Exchange next = trigger(camel, steps, group);

            assertThat(first.isRouteStop()).isFalse();
            assertThat(overlapping.isRouteStop()).as("skipped while the first run is going").isTrue();
            assertThat(done.status()).isEqualTo("succeeded");
            assertThat(next.isRouteStop()).as("runs again once the first run finished").isFalse();
        }
    }

    @Test
    void a_run_past_its_max_run_time_releases_its_group_and_can_no_longer_move_the_checkpoint(@TempDir Path dir)
            throws Exception {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2024-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RunSteps steps = new RunSteps(new FeatureGroups(List.of(group)), new GroupStateStore(dir.resolve("state")),
                    new RunLeases(), clock, new Readiness(List.of()));

            Exchange hung = trigger(camel, steps, group);
            now.set(now.get().plus(group.runPolicy().maxRunTime()));
            Exchange next = trigger(camel, steps, group);

            assertThat(hung.isRouteStop()).isFalse();
            assertThat(next.isRouteStop()).as("the expired lease no longer keeps the group").isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> steps.finish(hung))
                    .isInstanceOf(RunLeaseLostException.class).hasMessageContaining("max_run_time");
            assertThat(steps.finish(next).status()).isEqualTo("succeeded");
        }
    }

    @Test
    void a_run_handed_the_lease_its_request_took_runs_under_it_and_every_ended_run_is_recorded(@TempDir Path dir)
            throws Exception {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        RunLeases leases = new RunLeases();
        RunHistoryStore history = new RunHistoryStore(dir.resolve("state"), 5);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RunSteps steps = new RunSteps(new FeatureGroups(List.of(group)), new GroupStateStore(dir.resolve("state")),
                    leases, Clock.systemUTC(), new Readiness(List.of()), null, history,
                    io.fstore.observe.PipelineMetrics.none(), ProgressLog.off());
            RunLeases.Lease taken = leases.acquire(group.name(), "request-1", Duration.ofMinutes(5), Instant.now())
                    .orElseThrow();

            Exchange handed = new DefaultExchange(camel);
            handed.setProperty(Names.GROUP_PROPERTY, group.name());
            handed.setProperty(Names.LEASE_PROPERTY, taken);
            steps.begin(handed);
            Exchange overlapping = trigger(camel, steps, group);

            assertThat(handed.isRouteStop()).as("runs under the lease it was handed").isFalse();
            assertThat(overlapping.isRouteStop()).isTrue();
            RunSummary done = steps.finish(handed);
            assertThat(done.runId()).isEqualTo("request-1");
            assertThat(leases.current(group.name(), Instant.now())).isEmpty();

            Exchange failing = trigger(camel, steps, group);
            failing.setProperty(Exchange.EXCEPTION_CAUGHT, new java.sql.SQLException("relation does not exist"));
            steps.failed(failing);

            assertThat(history.recent(group.name(), 5)).extracting(RunSummary::status, RunSummary::error)
                    .containsExactly(tuple("failed", "SQLException: relation does not exist"),
                            tuple("succeeded", null));
            assertThat(history.recent(group.name(), 5).get(1)).isEqualTo(done);
        }
    }

    @Test
    void a_lease_that_no_longer_holds_the_group_is_not_honoured(@TempDir Path dir) throws Exception {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        RunLeases leases = new RunLeases();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RunSteps steps = new RunSteps(new FeatureGroups(List.of(group)), new GroupStateStore(dir.resolve("state")),
                    leases, Clock.systemUTC(), new Readiness(List.of()));
            RunLeases.Lease stale = leases.acquire(group.name(), "request-1", Duration.ofMinutes(5), Instant.now())
                    .orElseThrow();
            leases.release(stale);
            Exchange running = trigger(camel, steps, group);

            Exchange handed = new DefaultExchange(camel);
            handed.setProperty(Names.GROUP_PROPERTY, group.name());
            handed.setProperty(Names.LEASE_PROPERTY, stale);
            steps.begin(handed);

            assertThat(running.isRouteStop()).isFalse();
            assertThat(handed.isRouteStop()).as("the group is another run's now").isTrue();
        }
    }

    private static Exchange trigger(DefaultCamelContext camel, RunSteps steps, FeatureGroup group) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Names.GROUP_PROPERTY, group.name());
        steps.begin(exchange);
        return exchange;
    }
}
