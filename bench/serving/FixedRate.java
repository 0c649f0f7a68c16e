import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bench helper: an open-loop load at a fixed offered rate. Latency is measured from the time each request was due,
 * so a slow server cannot hide queueing (no coordinated omission).
 * Args: baseUrl entities batch(1 = GET one entity, N = POST N entities) features rate seconds
 */
public class FixedRate {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int entities = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int features = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        StringBuilder refs = new StringBuilder();
        for (int f = 0; f < features; f++) {
            refs.append(f == 0 ? "" : ",").append("\"bench:f").append(f).append('"');
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 100_000_000L;
        long intervalNanos = 1_000_000_000L / rate;
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            while (true) {
                int i = next.get();
                long due = start + i * intervalNanos;
                if (i >= total || due > now || !next.compareAndSet(i, i + 1)) {
                    break;
                }
                HttpRequest request = request(base, entities, batch, refs);
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    latencies[i] = System.nanoTime() - due;
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    done.countDown();
                });
            }
        }, 0, 200, TimeUnit.MICROSECONDS);
        done.await(seconds + 60L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        long elapsed = System.nanoTime() - start;
        Arrays.sort(latencies);
        System.out.printf("batch=%d offered=%d rps achieved=%.0f rps p50=%.2f ms p99=%.2f ms p99.9=%.2f ms "
                        + "max=%.2f ms errors=%d%n", batch, rate, total / (elapsed / 1e9), ms(latencies, 0.50),
                ms(latencies, 0.99), ms(latencies, 0.999), latencies[total - 1] / 1e6, errors.get());
        System.exit(0);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static HttpRequest request(String base, int entities, int batch, StringBuilder refs) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (batch == 1) {
            return HttpRequest.newBuilder(URI.create(base + "/features/bench/c" + random.nextInt(entities))).build();
        }
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < batch; i++) {
            ids.append(i == 0 ? "" : ",").append("\"c").append(random.nextInt(entities)).append('"');
        }
        String body = "{\"entities\":{\"customer_id\":[" + ids + "]},\"features\":[" + refs + "]}";
        return HttpRequest.newBuilder(URI.create(base + "/features/online")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
