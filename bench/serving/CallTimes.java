import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Bench helper: the wall time and the calling thread's CPU time (steadier on a shared machine) of repeated calls,
 * summed up as median and best.
 */
final class CallTimes {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long[] nanos;
    private final long[] cpu;
    private long start;
    private long startCpu;

    CallTimes(int calls) {
        nanos = new long[calls];
        cpu = new long[calls];
    }

    void start() {
        start = System.nanoTime();
        startCpu = threads.getCurrentThreadCpuTime();
    }

    /** Ends call {@code i}; a negative {@code i} (a warm-up call) is not kept. */
    void stop(int i) {
        if (i >= 0) {
            nanos[i] = System.nanoTime() - start;
            cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
        }
    }

    /** "median .. best ..; the calling thread's CPU: median .., best .." in {@code unit} (ms or us). */
    String summary(String unit) {
        double scale = unit.equals("ms") ? 1e6 : 1e3;
        long[] n = nanos.clone();
        long[] c = cpu.clone();
        Arrays.sort(n);
        Arrays.sort(c);
        return String.format("median %.1f %s, best %.1f %s; the calling thread's CPU: median %.1f %s, best %.1f %s",
                n[n.length / 2] / scale, unit, n[0] / scale, unit, c[c.length / 2] / scale, unit, c[0] / scale, unit);
    }

    /** The integer argument at {@code i}, {@code otherwise} when there is none. */
    static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    /** Removes {@code dir} and everything in it. */
    static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
