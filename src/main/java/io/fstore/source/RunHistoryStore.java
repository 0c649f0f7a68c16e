package io.fstore.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@code keep} finished runs of each group, one {@link RunSummary} per line of
 * {@code <data>/state/<group>.runs.jsonl}, oldest first. A run is appended when it ends; once the file holds
 * {@code 2 x keep} lines it is rewritten (temporary file, then renamed over it) with the newest {@code keep}. A line
 * that cannot be read (a crash in the middle of a write, a hand edit) is skipped with a WARN: the history is for
 * people, a run never fails because of it, and an append or rewrite that fails is logged, not thrown.
 */
public final class RunHistoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(RunHistoryStore.class);
    private final Path dir;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Each group's runs, oldest first, read from its file on first use. */
    private final Map<String, Deque<RunSummary>> runs = new HashMap<>();
    /** Lines in each group's file (readable or not), to know when to trim it. */
    private final Map<String, Integer> lines = new HashMap<>();

    /** @param keep how many runs per group to keep (fstore.runs.history), at least 1 */
    public RunHistoryStore(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, not " + keep);
        }
        this.dir = dir;
        this.keep = keep;
    }

    /** How many runs per group are kept. */
    public int keep() {
        return keep;
    }

    /** Records a finished run of {@code run.group()}; never throws (a problem is logged). */
    public synchronized void append(RunSummary run) {
        Path file = file(run.group());
        try {
            Deque<RunSummary> recent = loaded(run.group());
            recent.addLast(run);
            while (recent.size() > keep) {
                recent.removeFirst();
            }
            Files.createDirectories(dir);
            if (lines.get(run.group()) + 1 >= 2 * keep) {
                rewrite(run.group(), file, recent);
            } else {
                byte[] line = (json.writeValueAsString(run) + "\n").getBytes(StandardCharsets.UTF_8);
                Files.write(file, startsOnANewLine(file) ? line : concat(new byte[] {'\n'}, line),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                lines.merge(run.group(), 1, Integer::sum);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot record the run {} of group {} in {}: {}", run.runId(), run.group(), file, e.toString());
        }
    }

    /** The group's newest runs, newest first, at most {@code max}. */
    public synchronized List<RunSummary> recent(String group, int max) {
        List<RunSummary> out = new ArrayList<>(Math.min(max, keep));
        Iterator<RunSummary> newestFirst = loaded(group).descendingIterator();
        while (newestFirst.hasNext() && out.size() < max) {
            out.add(newestFirst.next());
        }
        return out;
    }

    private Path file(String group) {
        return dir.resolve(group + ".runs.jsonl");
    }

    private Deque<RunSummary> loaded(String group) {
        Deque<RunSummary> recent = runs.get(group);
        if (recent == null) {
            recent = new ArrayDeque<>();
            lines.put(group, read(group, recent));
            runs.put(group, recent);
        }
        return recent;
    }

    /**
     * Reads the group's file into {@code into} (keeping the newest {@code keep}); returns its line count. Each line
     * is decoded on its own: one that is not UTF-8, not JSON or not a run (null, or no status, run id or start) is
     * skipped with a WARN.
     */
    private int read(String group, Deque<RunSummary> into) {
        Path file = file(group);
        if (!Files.exists(file)) {
            return 0;
        }
        int count = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 || line.size() > 0; b = in.read()) {
                if (b != '\n' && b != -1) {
                    line.write(b);
                    continue;
                }
                count++;
                byte[] bytes = line.toByteArray();
                line.reset();
                if (!new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) {
                    try {
                        into.addLast(run(bytes));
                        if (into.size() > keep) {
                            into.removeFirst();
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Line {} of {} is not a run ({}); it is skipped", count, file,
                                e.getClass().getSimpleName());
                    }
                }
                if (b == -1) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the run history of group {} from {}: {}; it keeps the {} run(s) read before",
                    group, file, e.toString(), into.size());
        }
        return count;
    }

    /** The run on a line; throws when the line is not UTF-8, not JSON, or not a run. */
    private RunSummary run(byte[] line) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        RunSummary run = json.readValue(text, RunSummary.class);
        if (run == null || run.status() == null || run.runId() == null || run.startedAt() == null) {
            throw new NotARunException();
        }
        return run;
    }

    /** A line that is JSON but not a run: null, or without status, run id or start. */
    private static final class NotARunException extends IOException {
        NotARunException() {
            super("no status, runId or startedAt", null);
        }
    }

    private void rewrite(String group, Path file, Deque<RunSummary> recent) throws IOException {
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        for (RunSummary run : recent) {
            text.append(json.writeValueAsString(run)).append('\n');
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lines.put(group, recent.size());
    }

    /** False when the file ends in the middle of a line (a write cut short): the next line must not join it. */
    private static boolean startsOnANewLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return true;
        }
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
