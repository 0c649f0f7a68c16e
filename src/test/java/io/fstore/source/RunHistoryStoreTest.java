package io.fstore.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.fstore.serving.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryStoreTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static RunSummary run(String group, int n, String status) {
        return new RunSummary(group, status, T0.plusSeconds(60L * n), T0.plusSeconds(60L * n + 5), 10L * n, 9L * n, n,
                n, new Checkpoint(Map.of("ts", "2024-05-01T0" + (n % 10) + ":00:00Z")), "run-" + n,
                T0.plusSeconds(3600), status.equals("failed") ? "SQLException: boom " + n : null,
                T0.minusSeconds(n));
    }

    private static List<String> runIds(List<RunSummary> runs) {
        return runs.stream().map(RunSummary::runId).toList();
    }

    @Test
    void lists_the_newest_runs_first_with_every_field_as_recorded(@TempDir Path dir) {
        RunHistoryStore history = new RunHistoryStore(dir, 5);
        history.append(run("spend", 1, "succeeded"));
        history.append(run("spend", 2, "failed"));
        history.append(run("other", 3, "succeeded"));

        assertThat(runIds(history.recent("spend", 5))).containsExactly("run-2", "run-1");
        assertThat(runIds(history.recent("spend", 1))).containsExactly("run-2");
        assertThat(history.recent("spend", 5).get(0)).isEqualTo(run("spend", 2, "failed"));
        assertThat(runIds(history.recent("other", 5))).containsExactly("run-3");
        assertThat(history.recent("never", 5)).isEmpty();
        assertThat(dir.resolve("spend.runs.jsonl")).exists();
    }

    @Test
    void survives_a_restart(@TempDir Path dir) {
        RunHistoryStore before = new RunHistoryStore(dir, 5);
        before.append(run("spend", 1, "succeeded"));
        before.append(run("spend", 2, "failed"));

        RunHistoryStore after = new RunHistoryStore(dir, 5);

        assertThat(after.recent("spend", 5)).containsExactly(run("spend", 2, "failed"), run("spend", 1, "succeeded"));
    }

    @Test
    void keeps_the_last_n_runs_and_trims_its_file(@TempDir Path dir) throws Exception {
        RunHistoryStore history = new RunHistoryStore(dir, 3);
        for (int n = 1; n <= 10; n++) {
            history.append(run("spend", n, "succeeded"));
            assertThat(Files.readAllLines(dir.resolve("spend.runs.jsonl"))).as("after run %d", n)
                    .hasSizeLessThan(2 * 3);
        }

        assertThat(runIds(history.recent("spend", 3))).containsExactly("run-10", "run-9", "run-8");
        assertThat(runIds(new RunHistoryStore(dir, 3).recent("spend", 10)))
                .containsExactly("run-10", "run-9", "run-8");
        assertThat(runIds(new RunHistoryStore(dir, 2).recent("spend", 10))).as("a smaller fstore.runs.history")
                .containsExactly("run-10", "run-9");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("spend.runs.jsonl");
        }
    }

    @Test
    void a_corrupt_line_is_skipped_with_a_warning(@TempDir Path dir) throws Exception {
        RunHistoryStore first = new RunHistoryStore(dir, 5);
        first.append(run("spend", 1, "succeeded"));
        Files.writeString(dir.resolve("spend.runs.jsonl"), "{\"group\": \"spend\", \"status\": tru\nnot json\n\n",
                StandardOpenOption.APPEND);
        new RunHistoryStore(dir, 5).append(run("spend", 2, "failed"));

        try (CapturedLogs logs = new CapturedLogs()) {
            RunHistoryStore reread = new RunHistoryStore(dir, 5);

            assertThat(runIds(reread.recent("spend", 5))).containsExactly("run-2", "run-1");
            String file = dir.resolve("spend.runs.jsonl").toString();
            String skipped = " is not a run (JsonParseException); it is skipped";
            assertThat(logs.lines()).filteredOn(l -> l.logger().equals(RunHistoryStore.class.getName()))
                    .extracting(CapturedLogs.Line::level, CapturedLogs.Line::text).containsExactly(
                            tuple(Level.WARN, "Line 2 of " + file + skipped),
                            tuple(Level.WARN, "Line 3 of " + file + skipped));
        }
    }

    @Test
    void a_line_cut_short_by_a_crash_does_not_swallow_the_next_run(@TempDir Path dir) throws Exception {
        new RunHistoryStore(dir, 5).append(run("spend", 1, "succeeded"));
        Files.write(dir.resolve("spend.runs.jsonl"), "{\"group\": \"spend\", \"sta".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        new RunHistoryStore(dir, 5).append(run("spend", 2, "succeeded"));

        assertThat(runIds(new RunHistoryStore(dir, 5).recent("spend", 5))).containsExactly("run-2", "run-1");
    }

    @Test
    void a_corrupt_line_is_dropped_when_the_file_is_trimmed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("spend.runs.jsonl"), "garbage\n");
        RunHistoryStore history = new RunHistoryStore(dir, 2);
        history.append(run("spend", 1, "succeeded"));
        history.append(run("spend", 2, "succeeded"));
        history.append(run("spend", 3, "succeeded"));

        List<String> lines = Files.readAllLines(dir.resolve("spend.runs.jsonl"));
        assertThat(lines).hasSize(2).noneMatch(l -> l.contains("garbage"));
        assertThat(runIds(new RunHistoryStore(dir, 2).recent("spend", 2))).containsExactly("run-3", "run-2");
    }

    @Test
    void a_history_that_cannot_be_written_does_not_fail_the_run(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("state"), "a file where the folder should be");
        RunHistoryStore history = new RunHistoryStore(notADirectory, 5);

        try (CapturedLogs logs = new CapturedLogs()) {
            history.append(run("spend", 1, "succeeded"));

            assertThat(logs.mentioning("Cannot record the run run-1 of group spend")).singleElement()
                    .extracting(CapturedLogs.Line::level).isEqualTo(Level.WARN);
        }
        assertThat(runIds(history.recent("spend", 5))).as("still listed while the process lives")
                .containsExactly("run-1");
    }
}
