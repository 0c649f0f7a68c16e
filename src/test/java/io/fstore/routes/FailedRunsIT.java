package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.fstore.it.FStoreHarness;
import io.fstore.routes.RunRecorder.Run;
import io.fstore.routes.ScriptedOnlineStore.Step;
import io.fstore.serving.CapturedLogs;
import io.fstore.source.GroupStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failed runs started by real triggers (nothing in these tests sends to {@code direct:fg.<group>}). One FStore, chunks
 * of 50 rows, three groups reading the same 300 orders on PostgreSQL incrementally, each with its own failure in the
 * online store (a non-retriable one: the run fails at once):
 * <ul>
 *   <li>{@code midrun} ({@code update_frequency: 2s}): the 3rd chunk's write throws {@link IllegalStateException};
 *   <li>{@code thrown} ({@code schedule: "*}{@code /2 * * * * ?"}): the first write throws
 *       {@link IllegalStateException};
 *   <li>{@code error} ({@code update_frequency: 2s}): the first write throws {@link StackOverflowError}.
 * </ul>
 * Triggers every 2 s leave the state file of a failed run in place long enough for {@link RunRecorder} to read it when
 * the run's exchange is done (a run right after it would start from the same checkpoint, but say "running").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedRunsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int ROWS = 300;

    @TempDir(factory = Orders.TempDirs.class)
    static Path work;
    private Orders orders;
    private FStoreHarness fstore;
    private ScriptedOnlineStore online;
    private RunRecorder recorder;
    private CapturedLogs logs;
    /** Holds the first write of the run after midrun's failed one, so the test sees what the failed run left. */
    private final CountDownLatch midrunMayResume = new CountDownLatch(1);

    @BeforeAll
    void start() throws Exception {
        orders = Orders.create("failed", ROWS);
        Path features = work.resolve("features");
        String query = "SELECT customer_id, amount, ts FROM %s";
        String incremental = "  incremental: { column: ts }\n";
        Orders.write(features, "midrun", orders.group("midrun", "pg", query, incremental, "update_frequency: 2s"));
        Orders.write(features, "thrown", orders.group("thrown", "pg", query, incremental,
                "schedule: \"*/2 * * * * ?\""));
        Orders.write(features, "error", orders.group("error", "pg", query, incremental, "update_frequency: 2s"));
        Path data = work.resolve("data");
        Map<String, List<Step>> script = Map.of(
                // the offline sink gets the same chunk in parallel: let it store it first, so what the failed run
                // leaves offline is known (chunks 1..3)
                "midrun", List.of(new Step(3, () -> awaitOfflineFiles(data, "midrun", 3),
                                () -> new IllegalStateException("online store unavailable (test): chunk 3 of midrun")),
                        new Step(4, () -> await(midrunMayResume), null)),
                "thrown", List.of(Step.fail(1, () -> new IllegalStateException("online store unavailable (test)"))),
                "error", List.of(Step.fail(1, StackOverflowError::new)));
        Map<String, String> props = new HashMap<>(orders.connection("pg"));
        props.put("fstore.chunk-size", "50");
        props.putAll(RunRecorder.properties(data));
        logs = new CapturedLogs();
        fstore = new FStoreHarness(work, props, store -> online = new ScriptedOnlineStore(store, script));
        recorder = RunRecorder.of(fstore.runtime().context());
    }

    @AfterAll
    void stop() throws Exception {
        midrunMayResume.countDown();
        try (Orders o = orders; CapturedLogs l = logs) {
            if (fstore != null) {
                fstore.close();
            }
        }
    }

    @Test
    void a_sink_failing_mid_run_leaves_the_checkpoint_of_the_last_stored_chunk_and_the_next_triggered_run_converges()
            throws Exception {
        Run failed = recorder.await("midrun", PATIENCE, "a failed run", runs -> runs.stream().anyMatch(Run::failed))
                .stream().filter(Run::failed).findFirst().orElseThrow();
        assertThat(failed.triggeredBy()).isEqualTo("fg.midrun.schedule");
        assertThat(failed.error()).hasStackTraceContaining("online store unavailable (test): chunk 3 of midrun");
        // chunks 1 and 2 (rows 1..100) are in both stores; row 100's event time might continue in chunk 3, so the
        // checkpoint stops at row 99
        assertThat(failed.stateAfter().lastRun().status()).isEqualTo("failed");
        assertThat(failed.stateAfter().lastRun().error())
                .isEqualTo("IllegalStateException: online store unavailable (test): chunk 3 of midrun");
        assertThat(failed.stateAfter().lastRun().chunks()).as("chunks stored in every sink").isEqualTo(2);
        assertThat(failed.stateAfter().checkpoint().get("value")).isEqualTo(Orders.ts(99));

        // the next run is held at its first online write: what the failed run left stays in place meanwhile
        assertThat(new GroupStateStore(fstore.dataDir.resolve("state")).load("midrun").orElseThrow().checkpoint()
                .get("value")).as("state file").isEqualTo(Orders.ts(99));
        assertThat(Orders.onlineAmounts(fstore, "midrun")).as("online: chunks 1 and 2")
                .isEqualTo(Orders.newestAmounts(100));
        assertThat(Orders.offline(fstore, "midrun")).as("offline: chunks 1, 2 and 3 (written while the online "
                + "sink failed; the next run may already have added copies of rows 100..149)")
                .containsEntry("versions", 150L).containsEntry("first", 1L).containsEntry("last", 150L);
        midrunMayResume.countDown();

        List<Run> runs = recorder.await("midrun", PATIENCE, "a run after the failed one that succeeds",
                all -> all.stream().anyMatch(Run::succeeded));
        Run next = runs.get(runs.indexOf(failed) + 1);
        assertThat(next.succeeded()).as("the trigger after the failed run" + RunRecorder.describe(runs)).isTrue();
        assertThat(next.triggeredBy()).isEqualTo("fg.midrun.schedule");
        assertThat(next.summary().rowsRead()).as("rows 100..300, after the checkpoint").isEqualTo(ROWS - 99);
        assertThat(next.summary().checkpoint().get("value")).isEqualTo(Orders.ts(ROWS));
        assertThat(next.stateAfter().checkpoint().get("value")).as("state file").isEqualTo(Orders.ts(ROWS));
        assertThat(Orders.onlineAmounts(fstore, "midrun")).isEqualTo(Orders.newestAmounts(ROWS));
        assertThat(Orders.offline(fstore, "midrun")).as("every version once; rows 100..150 twice (read again)")
                .containsEntry("versions", (long) ROWS).containsEntry("rows", ROWS + 51L)
                .containsEntry("first", 1L).containsEntry("last", (long) ROWS);
        assertThat(online.storedRows("midrun")).as("rows that reached the online store").isEqualTo(100 + ROWS - 99);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"thrown, IllegalStateException: online store unavailable (test)", "error, StackOverflowError: null"})
    void a_failed_run_releases_its_group_and_the_next_trigger_runs_and_succeeds(String group, String error)
            throws Exception {
        List<Run> all = recorder.await(group, PATIENCE, "a failed run, then a succeeded one",
                recorded -> recorded.stream().anyMatch(Run::succeeded));
        String recorded = RunRecorder.describe(all);
        List<Run> runs = all.stream().filter(Run::leaseHeld).toList();
        Run failed = runs.get(0);
        assertThat(failed.failed()).as("the first trigger's run" + recorded).isTrue();
        assertThat(failed.triggeredBy()).isEqualTo("fg." + group + ".schedule");
        assertThat(failed.stateAfter().lastRun().status()).isEqualTo("failed");
        assertThat(failed.stateAfter().lastRun().error()).isEqualTo(error);
        assertThat(failed.stateAfter().checkpoint()).as("no chunk was stored").isNull();

        Run next = runs.get(1);
        assertThat(next.succeeded()).as("the run after the failed one succeeded" + recorded).isTrue();
        assertThat(all).as("no trigger between the failed run and the next one was skipped: the failed run released "
                + "the group" + recorded).filteredOn(Run::skipped)
                .allSatisfy(s -> assertThat(s.sentAt()).isAfter(next.summary().startedAt()));
        assertThat(next.triggeredBy()).isEqualTo("fg." + group + ".schedule");
        assertThat(next.summary().startedAt()).as("after the failed run ended").isAfter(failed.sentAt());
        assertThat(next.summary().rowsRead()).isEqualTo(ROWS);
        assertThat(next.summary().checkpoint().get("value")).isEqualTo(Orders.ts(ROWS));
        assertThat(Orders.onlineAmounts(fstore, group)).isEqualTo(Orders.newestAmounts(ROWS));
        assertThat(Orders.offline(fstore, group)).containsEntry("versions", (long) ROWS);
        assertThat(logs.lines()).as("the failure is logged once, at ERROR, naming the group")
                .filteredOn(l -> l.level() == Level.ERROR && l.text().contains("group " + group + " "))
                .singleElement().satisfies(l -> assertThat(l.text()).startsWith("Run of group " + group
                        + " failed: " + error + ". The next run resumes from the saved checkpoint."));
    }

    private static void awaitOfflineFiles(Path data, String group, long files) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (Orders.offlineFiles(data, group) < files && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the run go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
