package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.fstore.it.FStoreHarness;
import io.fstore.routes.RunRecorder.Run;
import io.fstore.serving.CapturedLogs;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triggers, through FStore's real Camel Main and its real quartz and timer endpoints: nothing in these tests sends to
 * {@code direct:fg.<group>}. One FStore runs four groups on PostgreSQL: {@code tick_cron} ({@code schedule:
 * "*}{@code /1 * * * * ?"}) and {@code tick_every} ({@code update_frequency: 1s}) read an orders table
 * incrementally; {@code slow_cron} and {@code slow_every} (the same triggers) read another with a query that sleeps
 * 1.2 s in the server, so every trigger fires during a run at least once in two.
 *
 * <p>Every exchange that reaches a group's route is recorded ({@link RunRecorder}, an event notifier that FStore's
 * Camel Main registers before the routes start): who sent it, whether it held the group's run lease, its summary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledRunsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> TICKS = List.of("tick_cron", "tick_every");
    private static final List<String> SLOW = List.of("slow_cron", "slow_every");
    private static final int SLOW_ROWS = 10;

    @TempDir(factory = Orders.TempDirs.class)
    static Path work;
    private Orders ticks;
    private Orders slow;
    private FStoreHarness fstore;
    private RunRecorder recorder;
    private CapturedLogs logs;

    @BeforeAll
    void start() throws Exception {
        ticks = Orders.create("ticks", 20);
        slow = Orders.create("slow", SLOW_ROWS);
        Path features = work.resolve("features");
        String cron = "schedule: \"*/1 * * * * ?\"";
        String every = "update_frequency: 1s";
        String incremental = "  incremental: { column: ts }\n";
        Orders.write(features, "tick_cron", ticks.group("tick_cron", "fast",
                "SELECT customer_id, amount, ts FROM %s", incremental, cron));
        Orders.write(features, "tick_every", ticks.group("tick_every", "fast",
                "SELECT customer_id, amount, ts FROM %s", incremental, every));
        String sleepy = "SELECT customer_id, amount, ts FROM %s CROSS JOIN pg_sleep(1.2)";
        Orders.write(features, "slow_cron", slow.group("slow_cron", "slow", sleepy, "", cron));
        Orders.write(features, "slow_every", slow.group("slow_every", "slow", sleepy, "", every));
        Map<String, String> props = new HashMap<>(ticks.connection("fast"));
        props.putAll(slow.connection("slow"));
        props.putAll(RunRecorder.properties(work.resolve("data")));
        logs = new CapturedLogs();
        fstore = new FStoreHarness(work, props);
        recorder = RunRecorder.of(fstore.runtime().context());
    }

    @AfterAll
    void stop() throws Exception {
        try (Orders t = ticks; Orders s = slow; CapturedLogs l = logs) {
            if (fstore != null) {
                fstore.close();
            }
        }
    }

    @Test
    void a_cron_schedule_and_an_update_frequency_start_runs_on_their_own_that_bring_new_rows_online()
            throws Exception {
        for (String group : TICKS) {
            Run run = recorder.await(group, PATIENCE, "a triggered run reading the 20 rows",
                    runs -> runs.stream().anyMatch(r -> r.succeeded() && r.summary().rowsRead() == 20))
                    .stream().filter(r -> r.succeeded() && r.summary().rowsRead() == 20).findFirst().orElseThrow();
            assertThat(run.triggeredBy()).as(group).isEqualTo("fg." + group + ".schedule");
            assertThat(run.summary().rowsStored()).as(group).isEqualTo(20);
            assertThat(run.summary().checkpoint().get("value")).as(group).isEqualTo(Orders.ts(20));
            assertThat(run.stateAfter().checkpoint().get("value")).as(group + ": state file").isEqualTo(Orders.ts(20));
            assertThat(Orders.onlineAmounts(fstore, group)).as(group).isEqualTo(Orders.newestAmounts(20));
        }

        ticks.insert(21, 30);

        for (String group : TICKS) {
            recorder.await(group, PATIENCE, "a later triggered run reading rows 21..30",
                    runs -> runs.stream().anyMatch(r -> r.succeeded() && r.summary().rowsRead() == 10));
            quiesce(group);
            try {
                List<Run> all = recorder.runs(group);
                List<Run> runs = all.stream().filter(Run::leaseHeld).toList();
                Run later = runs.stream().filter(r -> r.succeeded() && r.summary().rowsRead() == 10).findFirst()
                        .orElseThrow();
                assertThat(later.triggeredBy()).as(group).isEqualTo("fg." + group + ".schedule");
                assertThat(later.summary().checkpoint().get("value")).as(group).isEqualTo(Orders.ts(30));
                assertThat(Orders.onlineAmounts(fstore, group)).as(group).isEqualTo(Orders.newestAmounts(30));
                assertThat(Orders.offline(fstore, group)).as(group + ": every row once offline")
                        .containsEntry("rows", 30L).containsEntry("versions", 30L)
                        .containsEntry("first", 1L).containsEntry("last", 30L);
                String recorded = RunRecorder.describe(all);
                assertThat(all).as(group + ": every exchange came from the group's trigger and none failed" + recorded)
                        .allSatisfy(r -> {
                            assertThat(r.triggeredBy()).isEqualTo("fg." + group + ".schedule");
                            assertThat(r.error()).isNull();
                        });
                assertThat(runs).as(group + ": every run succeeded" + recorded).allMatch(Run::succeeded);
                // the other runs found nothing new: 20 rows, then 10, else nothing
                assertThat(runs.stream().mapToLong(r -> r.summary().rowsRead()).sum()).as(group + recorded)
                        .isEqualTo(30);
                Run last = runs.get(runs.size() - 1);
                GroupState file = new GroupStateStore(fstore.dataDir.resolve("state")).load(group).orElseThrow();
                assertThat(file.lastRun()).as(group + ": the state file holds the last run").isEqualTo(last.summary());
                assertThat(file.checkpoint().get("value")).isEqualTo(Orders.ts(30));
            } finally {
                resume(group);
            }
        }
    }

    @Test
    void runs_of_one_group_never_overlap_and_triggers_that_fire_during_a_run_are_skipped_without_failing()
            throws Exception {
        for (String group : SLOW) {
            recorder.await(group, PATIENCE, "three runs and a skipped trigger", runs ->
                    runs.stream().filter(Run::leaseHeld).count() >= 3 && runs.stream().anyMatch(Run::skipped));
        }
        for (String group : SLOW) {
            quiesce(group);
            try {
                List<Run> all = recorder.runs(group);
                List<Run> runs = all.stream().filter(Run::leaseHeld)
                        .sorted(Comparator.comparing(r -> r.summary().startedAt())).toList();
                List<Run> skipped = all.stream().filter(Run::skipped).toList();
                String recorded = RunRecorder.describe(all);
                assertThat(all).as(group + ": only its trigger sent exchanges" + recorded)
                        .allSatisfy(r -> assertThat(r.triggeredBy()).isEqualTo("fg." + group + ".schedule"));
                assertThat(runs).as(group + ": every run succeeded" + recorded).allSatisfy(r -> {
                    assertThat(r.succeeded()).isTrue();
                    assertThat(r.summary().rowsRead()).isEqualTo(SLOW_ROWS);
                    assertThat(Duration.between(r.summary().startedAt(), r.summary().finishedAt()))
                            .as("the query sleeps 1.2 s").isGreaterThanOrEqualTo(Duration.ofMillis(1200));
                });
                for (int i = 1; i < runs.size(); i++) {
                    RunSummary before = runs.get(i - 1).summary();
                    RunSummary next = runs.get(i).summary();
                    assertThat(next.startedAt()).as(group + ": run " + next.runId() + " started after run "
                            + before.runId() + " finished" + recorded).isAfterOrEqualTo(before.finishedAt());
                }
                assertThat(skipped).as(group + ": skipped triggers did not fail" + recorded)
                        .isNotEmpty().allSatisfy(s -> assertThat(s.error()).isNull());
                // the lease is taken just before startedAt and freed just after finishedAt
                Duration slack = Duration.ofMillis(200);
                assertThat(skipped).as(group + ": each skipped trigger came while a run was in flight" + recorded)
                        .allSatisfy(s -> assertThat(runs).anySatisfy(r -> {
                            assertThat(s.sentAt()).isAfterOrEqualTo(r.summary().startedAt().minus(slack));
                            assertThat(s.sendingAt()).isBeforeOrEqualTo(r.summary().finishedAt().plus(slack));
                        }));
                GroupState file = new GroupStateStore(fstore.dataDir.resolve("state")).load(group).orElseThrow();
                assertThat(file.lastRun()).as(group + ": the state file holds the last run")
                        .isEqualTo(runs.get(runs.size() - 1).summary());
                assertThat(logs.lines()).as("FStore and Camel logged nothing at WARN or above")
                        .filteredOn(l -> l.level().isGreaterOrEqual(Level.WARN))
                        .filteredOn(l -> l.logger().startsWith("io.fstore") || l.logger().startsWith("org.apache.camel"))
                        .isEmpty();
                assertThat(logs.mentioning("Group " + group + " is already running; this trigger is skipped"))
                        .as(group).hasSize(skipped.size());
            } finally {
                resume(group);
            }
        }
    }

    /** Suspends the group's trigger and waits until no exchange of the group is in flight. */
    private void quiesce(String group) throws Exception {
        fstore.runtime().context().getRouteController().suspendRoute("fg." + group + ".schedule");
        Thread.sleep(200); // a trigger that fired just before reaches the group's route (wireTap thread) by then
        recorder.awaitIdle(group, PATIENCE);
    }

    private void resume(String group) throws Exception {
        fstore.runtime().context().getRouteController().resumeRoute("fg." + group + ".schedule");
    }
}
