package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fstore.source.Checkpoint;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probes of issue #10: {@code data/state/<group>.runs.jsonl} that is damaged the ways a crash or a hand edit
 * damages it. The store's contract: "a line that cannot be read is skipped with a WARN; a run never fails because of
 * it".
 */
class RunHistoryProbeTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static RunSummary run(int n, String status, String error) {
        return new RunSummary("spend", status, T0.plusSeconds(60L * n), T0.plusSeconds(60L * n + 5), 10, 9, 1, 1,
                new Checkpoint(Map.of("ts", "2024-05-01T10:00:00Z")), "run-" + n, T0.plusSeconds(3600), error,
                T0.minusSeconds(n));
    }

    private static List<String> ids(List<RunSummary> runs) {
        return runs.stream().map(RunSummary::runId).toList();
    }

    /** The JSON line the store writes for a run (written by a first store, read back as bytes). */
    private static byte[] line(Path dir, RunSummary run) throws Exception {
        Path scratch = Files.createTempDirectory(dir, "scratch"); // a new one each time: one line per file
        new RunHistoryStore(scratch, 5).append(run);
        return Files.readAllBytes(scratch.resolve("spend.runs.jsonl"));
    }

    @Test
    void a_last_line_cut_inside_a_two_byte_character_costs_only_that_line(@TempDir(factory = P10.TempDirs.class) Path dir) throws Exception {
        // a failed run whose error quotes a value with an accent (a PostgreSQL message, a customer name)
        byte[] good = line(dir, run(1, "succeeded", null));
        byte[] cut = line(dir, run(2, "failed", "PSQLException: invalid input syntax for type integer: \"Müller\""));
        int inside = new String(cut, StandardCharsets.ISO_8859_1).indexOf("M") + 2; // after 0xC3, before 0xBC
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(good);
        file.write(cut, 0, inside); // the crash: the append stopped in the middle of "ü"
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.write(state.resolve("spend.runs.jsonl"), file.toByteArray());

        RunHistoryStore history = new RunHistoryStore(state, 5);

        assertThat(ids(history.recent("spend", 5))).as("the complete line before the cut one").containsExactly("run-1");
        history.append(run(3, "succeeded", null));
        assertThat(ids(new RunHistoryStore(state, 5).recent("spend", 5))).as("after a restart")
                .containsExactly("run-3", "run-1");
    }

    @Test
    void a_line_reading_null_is_skipped_and_runs_are_still_recorded(@TempDir(factory = P10.TempDirs.class) Path dir) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.write(state.resolve("spend.runs.jsonl"), line(dir, run(1, "succeeded", null)));
        Files.writeString(state.resolve("spend.runs.jsonl"), "null\n", StandardOpenOption.APPEND);
        RunHistoryStore history = new RunHistoryStore(state, 5);

        assertThat(ids(history.recent("spend", 5))).as("GET /groups reads this").containsExactly("run-1");
        history.append(run(2, "succeeded", null)); // RunSteps.finish calls this: it must not throw
        assertThat(ids(history.recent("spend", 5))).containsExactly("run-2", "run-1");
    }

    @Test
    void a_line_that_is_no_run_at_all_is_skipped(@TempDir(factory = P10.TempDirs.class) Path dir) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.write(state.resolve("spend.runs.jsonl"), line(dir, run(1, "failed", "boom")));
        // a hand edit: valid JSON, but neither status nor run id nor times; the API would list a run with status null
        Files.writeString(state.resolve("spend.runs.jsonl"), "{}\n{\"note\": \"restored from backup\"}\n",
                StandardOpenOption.APPEND);

        List<RunSummary> runs = new RunHistoryStore(state, 5).recent("spend", 5);

        assertThat(ids(runs)).containsExactly("run-1");
        assertThat(runs).extracting(RunSummary::status).doesNotContainNull();
    }

    /** A file far past its 2 x keep lines (a copy appended many times, a bug elsewhere): read once, then trimmed. */
    @Test
    void a_huge_history_file_lists_its_newest_runs_and_is_trimmed_by_the_next_append(@TempDir(factory =
            P10.TempDirs.class) Path dir) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path file = state.resolve("spend.runs.jsonl");
        String template = new String(line(dir, run(0, "succeeded", null)), StandardCharsets.UTF_8);
        assertThat(template).contains("\"runId\":\"run-0\"");
        try (var out = new java.io.BufferedWriter(Files.newBufferedWriter(file))) {
            for (int n = 1; n <= 100_000; n++) {
                out.write(template.replace("\"runId\":\"run-0\"", "\"runId\":\"run-" + n + "\""));
            }
        }
        RunHistoryStore history = new RunHistoryStore(state, 5);

        assertThat(ids(history.recent("spend", 2))).containsExactly("run-100000", "run-99999");
        history.append(run(100_001, "succeeded", null));
        assertThat(Files.readAllLines(file)).hasSize(5);
        assertThat(ids(new RunHistoryStore(state, 5).recent("spend", 5))).containsExactly("run-100001",
                "run-100000", "run-99999", "run-99998", "run-99997");
    }

    @Test
    void a_state_folder_that_cannot_be_written_never_fails_the_append(@TempDir(factory = P10.TempDirs.class) Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("state"), "a file where the folder should be");
        RunHistoryStore history = new RunHistoryStore(notAFolder, 5);

        history.append(run(1, "succeeded", null));

        assertThat(ids(history.recent("spend", 5))).as("kept in memory").containsExactly("run-1");
        assertThat(Files.readString(notAFolder)).isEqualTo("a file where the folder should be");
    }
}
