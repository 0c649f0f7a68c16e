import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Bench load generator (not a test) that corrects for coordinated omission: request k is due at start + k / RATE;
 * CONNECTIONS keep-alive sockets take the due requests in turn, and a request's latency is measured from the time it
 * was due, not from when a free connection sent it, so a stalled server is charged for the requests it held back.
 * Latencies go into HdrHistogram; the first WARMUP seconds are discarded. With pid=, also the server's CPU time
 * (utime + stime of /proc/PID/stat) over the measured period, per request answered.
 *
 * <pre>
 *   java PacedLoad port=8081 kind=get|post rate=1000 duration=15 warmup=5 connections=8 entities=200000 batch=50
 *                  features=50 pid=1234 label=fstore
 * </pre>
 * Prints one line: label kind rate achieved p50 p99 p99.9 max (ms) errors requests cpu_ms_per_req start_ms end_ms.
 */
public class PacedLoad {

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        int port = Integer.parseInt(a.get("port"));
        boolean post = a.getOrDefault("kind", "get").equals("post");
        double rate = Double.parseDouble(a.getOrDefault("rate", "1000"));
        long durationNs = (long) (Double.parseDouble(a.getOrDefault("duration", "15")) * 1e9);
        long warmupNs = (long) (Double.parseDouble(a.getOrDefault("warmup", "5")) * 1e9);
        int connections = Integer.parseInt(a.getOrDefault("connections", "8"));
        int entities = Integer.parseInt(a.getOrDefault("entities", "1000000"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "50"));
        int features = Integer.parseInt(a.getOrDefault("features", "50"));
        String pid = a.get("pid");
        String label = a.getOrDefault("label", "server");

        StringBuilder refs = new StringBuilder();
        for (int f = 0; f < features; f++) {
            refs.append(f == 0 ? "" : ",").append("\"bench:f").append(f).append('"');
        }
        String featureList = refs.toString();
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + warmupNs;
        long end = measureFrom + durationNs;
        double intervalNs = 1e9 / rate;
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Histogram[] histograms = new Histogram[connections];
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            Histogram h = new Histogram(60_000_000_000L, 3);
            histograms[c] = h;
            threads[c] = new Thread(() -> {
                Connection conn = null;
                while (true) {
                    long due = start + (long) (next.getAndIncrement() * intervalNs);
                    if (due >= end) {
                        break;
                    }
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    boolean ok;
                    try {
                        if (conn == null) {
                            conn = new Connection(port);
                        }
                        ok = conn.exchange(request(post, entities, batch, featureList)) / 100 == 2;
                    } catch (IOException e) {
                        ok = false;
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                    if (due >= measureFrom) {
                        if (ok) {
                            h.recordValue(Math.min(System.nanoTime() - due, h.getHighestTrackableValue()));
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
                if (conn != null) {
                    conn.close();
                }
            });
            threads[c].start();
        }
        long sleep;
        while ((sleep = measureFrom - System.nanoTime()) > 0) {
            LockSupport.parkNanos(sleep);
        }
        long cpuBefore = pid == null ? 0 : cpuTicks(pid);
        long wallStart = System.currentTimeMillis();
        for (Thread t : threads) {
            t.join();
        }
        long cpuAfter = pid == null ? 0 : cpuTicks(pid);
        long wallEnd = System.currentTimeMillis();
        long measuredNs = System.nanoTime() - measureFrom;
        Histogram all = new Histogram(60_000_000_000L, 3);
        for (Histogram h : histograms) {
            all.add(h);
        }
        long n = all.getTotalCount();
        long ticksPerSecond = Long.parseLong(a.getOrDefault("clk_tck", "100"));
        double cpuMsPerRequest = n == 0 ? 0 : (cpuAfter - cpuBefore) * 1000.0 / ticksPerSecond / n;
        System.out.printf("%s %s offered=%.0f achieved=%.0f p50=%.3f p99=%.3f p99.9=%.3f max=%.3f errors=%d "
                        + "requests=%d cpu_ms_per_req=%.4f start_ms=%d end_ms=%d%n",
                label, post ? "post" : "get", rate, n / (measuredNs / 1e9), ms(all, 50), ms(all, 99), ms(all, 99.9),
                all.getMaxValue() / 1e6, errors.get(), n, cpuMsPerRequest, wallStart, wallEnd);
    }

    static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    static byte[] request(boolean post, int entities, int batch, String featureList) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (!post) {
            return ("GET /features/bench/c" + r.nextInt(entities) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        StringBuilder body = new StringBuilder("{\"entities\":{\"customer_id\":[");
        for (int i = 0; i < batch; i++) {
            body.append(i == 0 ? "\"c" : ",\"c").append(r.nextInt(entities)).append('"');
        }
        body.append("]},\"features\":[").append(featureList).append("]}");
        byte[] b = body.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("POST /features/online HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }

    /** utime + stime of a process (all its threads), in clock ticks. */
    static long cpuTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** One keep-alive HTTP/1.1 connection: writes a request, reads the whole answer (Content-Length or chunked). */
    static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] skip = new byte[64 * 1024];

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            }
            if (close) {
                throw new IOException("server closed the connection");
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                int r = in.read(skip, 0, (int) Math.min(skip.length, n));
                if (r < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    s.append((char) b);
                }
            }
            return s.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
