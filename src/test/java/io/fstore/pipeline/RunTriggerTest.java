package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.source.Checkpoint;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTriggerTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void a_run_that_never_reached_its_route_is_recorded_failed_and_frees_the_group(@TempDir Path dir)
            throws Exception {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        GroupStateStore states = new GroupStateStore(dir);
        RunHistoryStore history = new RunHistoryStore(dir, 5);
        Checkpoint checkpoint = new Checkpoint(Map.of("ts", "2024-05-01T10:00:00Z"));
        Instant newest = NOW.minusSeconds(600);
        states.save(group.name(), new GroupState(checkpoint, new RunSummary(group.name(), "succeeded",
                NOW.minusSeconds(60), NOW.minusSeconds(50), 0, 0, 0, 0, checkpoint, "before", NOW, null, newest, 50L)));
        RunLeases leases = new RunLeases();
        RunTrigger trigger = new RunTrigger(leases, Clock.fixed(NOW, ZoneOffset.UTC), states, history);

        try (DefaultCamelContext context = new DefaultCamelContext()) { // no route fg.<group>: no consumer
            context.getComponent("direct", org.apache.camel.component.direct.DirectComponent.class).setBlock(false);
            context.start();
            String runId = trigger.start(context, group).orElseThrow();

            List<RunSummary> runs = P.await(() -> history.recent(group.name(), 5), r -> !r.isEmpty());
            assertThat(runs).extracting(RunSummary::runId, RunSummary::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(runId, "failed"));
            assertThat(runs.get(0).error()).startsWith("DirectConsumerNotAvailableException: ");
            // the run's thread records the history, then the state: wait for both
            GroupState state = P.await(() -> states.load(group.name()).orElseThrow(),
                    st -> runId.equals(st.lastRun().runId()));
            assertThat(state.checkpoint()).as("unchanged").isEqualTo(checkpoint);
            assertThat(state.lastRun().runId()).isEqualTo(runId);
            assertThat(state.lastRun().newestEventTime()).as("carried").isEqualTo(newest);
            assertThat(state.lastRun().rowsStoredTotal()).as("carried").isEqualTo(50L);
            assertThat(P.await(() -> leases.current(group.name(), NOW).isEmpty(), free -> free)).isTrue();
        }
    }

    /** Polling for the run's thread. */
    private static final class P {
        static <T> T await(java.util.concurrent.Callable<T> probe, java.util.function.Predicate<T> done)
                throws Exception {
            long deadline = System.nanoTime() + 10_000_000_000L;
            T value = probe.call();
            while (!done.test(value) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                value = probe.call();
            }
            return value;
        }
    }
}
