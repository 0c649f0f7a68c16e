import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Bench helper: reads a JFR recording of the server and, per measured window, prints the bytes allocated per request
 * (sum of jdk.ObjectAllocationSample weights, JFR's estimate of all allocation) and where jdk.ExecutionSample finds
 * the threads running Java code: the hottest top frames (self), the same by package, and FStore's own methods by
 * presence anywhere in the stack (inclusive).
 *
 * <pre>
 *   java JfrSummary recording.jfr NAME:START_MS:END_MS:REQUESTS ...
 * </pre>
 */
public class JfrSummary {

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        int top = Integer.getInteger("top", 15);
        for (int w = 1; w < args.length; w++) {
            String[] p = args[w].split(":");
            Instant from = Instant.ofEpochMilli(Long.parseLong(p[1]));
            Instant to = Instant.ofEpochMilli(Long.parseLong(p[2]));
            long requests = Long.parseLong(p[3]);
            long allocated = 0;
            int samples = 0;
            Map<String, Integer> self = new HashMap<>();
            Map<String, Integer> packages = new HashMap<>();
            Map<String, Integer> inclusive = new HashMap<>();
            for (RecordedEvent e : events) {
                if (e.getStartTime().isBefore(from) || !e.getStartTime().isBefore(to)) {
                    continue;
                }
                String type = e.getEventType().getName();
                if (type.equals("jdk.ObjectAllocationSample")) {
                    allocated += e.getLong("weight");
                } else if (type.equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                    List<RecordedFrame> frames = e.getStackTrace().getFrames();
                    if (frames.isEmpty()) {
                        continue;
                    }
                    samples++;
                    self.merge(name(frames.get(0)), 1, Integer::sum);
                    packages.merge(area(frames.get(0)), 1, Integer::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        if (f.getMethod().getType().getName().startsWith("io.fstore.") && seen.add(name(f))) {
                            inclusive.merge(name(f), 1, Integer::sum);
                        }
                    }
                }
            }
            System.out.printf("== %s: %d requests, %.1f KB allocated per request (JFR allocation samples), "
                    + "%d execution samples%n", p[0], requests, allocated / 1024.0 / Math.max(1, requests), samples);
            print("top frames (self)", self, samples, top);
            print("top frames by package (self)", packages, samples, top);
            print("FStore methods in the stack (inclusive)", inclusive, samples, top);
        }
    }

    static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
                + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    /** The first three parts of the frame's package (java.util.concurrent, com.fasterxml.jackson, ...). */
    static String area(RecordedFrame f) {
        String[] parts = f.getMethod().getType().getName().split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }

    static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }
}
