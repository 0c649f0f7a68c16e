import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.fstore.source.mongodb.MongoDocuments;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;

/**
 * Bench helper (not a test), two roles:
 *
 * <pre>
 * serve DOCS CUSTOMERS        mongo-java-server (memory backend) on an ephemeral 127.0.0.1 port, seeded with DOCS
 *                             feature-row documents in bench.orders; prints "READY mongodb://127.0.0.1:PORT" and
 *                             serves until its stdin closes
 * read URI SERVER_PID RUNS BATCH MODE...
 *                             reads bench.orders RUNS times per MODE with the sync driver and batch size BATCH
 *                             (after one uncounted warm-up read), prints each run with the CPU seconds the reader
 *                             and the server process spent on it, and the median rows/s
 * </pre>
 *
 * Read modes: raw (RawBsonDocument: no decoding, the floor), bare (Document: the bare driver loop a Camel route
 * gets), proj (Document, with the projection FStore's request sends for a group reading the 8 paths: the same
 * bytes over the wire as the FStore run), flatten (+ MongoDocuments.flatten), paths (+ MongoDocuments.forPaths of
 * the 8 paths a group reads).
 */
public class MongoBench {

    static final List<String> PATHS = List.of("customer_id", "amount", "quantity", "discount", "points",
            "balance", "address.city", "updated_at");

    /** What MongoRequest projects a group reading {@link #PATHS} to (no projection of its own): those, no _id. */
    static final Document PROJECTION = projection();

    private static Document projection() {
        Document p = new Document();
        PATHS.forEach(path -> p.append(path, 1));
        return p.append("_id", 0);
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } else {
            read(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Arrays.asList(args).subList(5, args.length));
        }
    }

    static void serve(int docs, int customers) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        long start = System.nanoTime();
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> orders = client.getDatabase("bench").getCollection("orders");
            Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
            List<Document> batch = new ArrayList<>(10_000);
            String[] cities = {"Paris", "Berlin", "Madrid", "Rome", "Vienna", "Lisbon", "Oslo"};
            for (int i = 0; i < docs; i++) {
                batch.add(new Document("customer_id", String.format("c%06d", i % customers))
                        .append("amount", Math.round((i % 50_000) * 0.01 * 100) / 100.0)
                        .append("quantity", 1 + i % 7)
                        .append("discount", (i % 30) / 100.0)
                        .append("points", (long) i * 3)
                        .append("balance", new Decimal128(BigDecimal.valueOf(i % 100_000, 2)))
                        .append("address", new Document("city", cities[i % cities.length])
                                .append("zip", String.format("%05d", i % 99_999)))
                        .append("updated_at", Date.from(t0.plusSeconds(i))));
                if (batch.size() == 10_000) {
                    orders.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                orders.insertMany(batch);
            }
            System.err.printf("seeded %,d documents in %.1f s; heap used %d MiB%n", docs,
                    (System.nanoTime() - start) / 1e9,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
        System.out.println("READY " + uri);
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the script closes our stdin
        }
        server.shutdownNow();
    }

    static void read(String uri, long serverPid, int runs, int batchSize, List<String> modes) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (MongoClient client = MongoClients.create(uri)) {
            long warm = System.nanoTime();
            long warmRows = decoded(client, batchSize, "bare");
            System.out.printf("warm-up  (bare, not counted): %,d rows in %.2f s%n", warmRows,
                    (System.nanoTime() - warm) / 1e9);
            for (String mode : modes) {
                double[] rates = new double[runs];
                for (int run = 0; run < runs; run++) {
                    double serverCpu = cpuSeconds(serverPid);
                    long readerCpu = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    long rows = switch (mode) {
                        case "raw" -> raw(client, batchSize);
                        case "bare", "proj", "flatten", "paths" -> decoded(client, batchSize, mode);
                        default -> throw new IllegalArgumentException("unknown mode " + mode);
                    };
                    double secs = (System.nanoTime() - start) / 1e9;
                    rates[run] = rows / secs;
                    System.out.printf("%-8s run %d: %,d rows in %.2f s = %,.0f rows/s "
                                    + "(CPU: reader %.2f s, server %.2f s)%n", mode, run + 1, rows, secs, rates[run],
                            (os.getProcessCpuTime() - readerCpu) / 1e9, cpuSeconds(serverPid) - serverCpu);
                }
                double[] sorted = rates.clone();
                Arrays.sort(sorted);
                System.out.printf("%-8s median of %d: %,.0f rows/s%n", mode, runs, sorted[runs / 2]);
            }
        }
    }

    /** user + system CPU seconds of a process (Linux /proc; clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static long raw(MongoClient client, int batchSize) {
        long rows = 0;
        long bytes = 0;
        try (MongoCursor<RawBsonDocument> cursor = client.getDatabase("bench")
                .getCollection("orders", RawBsonDocument.class).find().batchSize(batchSize).iterator()) {
            while (cursor.hasNext()) {
                bytes += cursor.next().getByteBuffer().remaining();
                rows++;
            }
        }
        if (bytes == 0) {
            throw new IllegalStateException("no data");
        }
        return rows;
    }

    static long decoded(MongoClient client, int batchSize, String mode) {
        MongoDocuments.Flattener paths = MongoDocuments.forPaths(PATHS);
        long rows = 0;
        long keys = 0;
        try (MongoCursor<Document> cursor = client.getDatabase("bench").getCollection("orders").find()
                .projection(mode.equals("proj") ? PROJECTION : null).batchSize(batchSize).iterator()) {
            while (cursor.hasNext()) {
                Document d = cursor.next();
                Map<String, Object> record = switch (mode) {
                    case "flatten" -> MongoDocuments.flatten(d);
                    case "paths" -> paths.flatten(d);
                    default -> d;
                };
                keys += record.size(); // keeps the work observable
                rows++;
            }
        }
        if (keys == 0) {
            throw new IllegalStateException("no data");
        }
        return rows;
    }
}
