package io.fstore.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.source.RunSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * FStore's own meters per feature group, scraped with Camel's at {@code /observe/metrics} (Prometheus names):
 * <ul>
 *   <li>{@code fstore_rows_read_total}, {@code fstore_rows_stored_total{store="offline|online"}},
 *       {@code fstore_rows_quarantined_total}: counted as each chunk reads, lands in a store, or is quarantined (a
 *       chunk that fails in a sink and is read again by the next run is counted again: these count work done; offline
 *       counts the rows the offline store stored, so an unchanged row of a full-refresh group counts only online);</li>
 *   <li>{@code fstore_runs_total{status}} and {@code fstore_run_duration_seconds{status}} (histogram) per ended run;</li>
 *   <li>{@code fstore_last_success_timestamp_seconds}: when the last successful run ended (epoch seconds);</li>
 *   <li>{@code fstore_freshness_seconds}: now minus the newest event time the group stored (served online);</li>
 *   <li>{@code fstore_checkpoint_lag_seconds}: now minus the time the group's checkpoint stands for, for sources read
 *       in the order of a time field (NaN where the checkpoint is not a time).</li>
 * </ul>
 * Every meter carries tag {@code group}. Gauges answer NaN while unknown (no run yet).
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Instant> newestEvent = new ConcurrentHashMap<>();
    private final Map<String, Instant> checkpointTime = new ConcurrentHashMap<>();

    public PipelineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Meters that go nowhere (unit tests of the steps). */
    public static PipelineMetrics none() {
        return new PipelineMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /**
     * Registers the group's meters (counters at 0, gauges from what earlier processes left), so a dashboard sees every
     * group from the start. Each of the instants may be null (unknown).
     */
    public void register(String group, Instant lastSuccessAt, Instant newestEventTime, Instant checkpointAt) {
        if (lastSuccessAt != null) {
            lastSuccess.put(group, lastSuccessAt);
        }
        if (newestEventTime != null) {
            newestEvent.put(group, newestEventTime);
        }
        if (checkpointAt != null) {
            checkpointTime.put(group, checkpointAt);
        }
        rowsRead(group);
        rowsStored(group, "offline");
        rowsStored(group, "online");
        rowsQuarantined(group);
        Gauge.builder("fstore.last.success.timestamp", () -> epochSeconds(lastSuccess.get(group)))
                .description("When the group's last successful run ended (epoch seconds; NaN: none yet)")
                .baseUnit("seconds").tag("group", group).register(registry);
        Gauge.builder("fstore.freshness", () -> secondsSince(newestEvent.get(group)))
                .description("Now minus the newest event time the group stored (what the online store serves)")
                .baseUnit("seconds").tag("group", group).register(registry);
        Gauge.builder("fstore.checkpoint.lag", () -> secondsSince(checkpointTime.get(group)))
                .description("Now minus the time the group's checkpoint stands for (NaN when the checkpoint is not a time)")
                .baseUnit("seconds").tag("group", group).register(registry);
    }

    public void rowsRead(String group, long rows) {
        rowsRead(group).increment(rows);
    }

    public void rowsStored(String group, String store, long rows) {
        rowsStored(group, store).increment(rows);
    }

    public void rowsQuarantined(String group, long rows) {
        rowsQuarantined(group).increment(rows);
    }

    /** A chunk of the group is in every sink: what it stored and where its checkpoint stands now. */
    public void chunkCommitted(String group, Instant newestEventTime, Instant checkpointAt) {
        if (newestEventTime != null) {
            newestEvent.merge(group, newestEventTime, (a, b) -> b.isAfter(a) ? b : a);
        }
        if (checkpointAt != null) {
            checkpointTime.put(group, checkpointAt);
        }
    }

    /** A run ended (succeeded or failed), its checkpoint standing for {@code checkpointAt} (null: not a time). */
    public void runEnded(RunSummary summary, Instant checkpointAt) {
        Counter.builder("fstore.runs").description("Runs ended, by status").tag("group", summary.group())
                .tag("status", summary.status()).register(registry).increment();
        if (summary.startedAt() != null && summary.finishedAt() != null) {
            Timer.builder("fstore.run.duration").description("How long runs took, by status")
                    .tag("group", summary.group()).tag("status", summary.status())
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofHours(6)).register(registry)
                    .record(Duration.between(summary.startedAt(), summary.finishedAt()));
        }
        if ("succeeded".equals(summary.status())) {
            lastSuccess.put(summary.group(), summary.finishedAt());
        }
        chunkCommitted(summary.group(), summary.newestEventTime(), checkpointAt);
    }

    private Counter rowsRead(String group) {
        return Counter.builder("fstore.rows.read").description("Rows read from the group's source")
                .tag("group", group).register(registry);
    }

    private Counter rowsStored(String group, String store) {
        return Counter.builder("fstore.rows.stored").description("Rows stored, by store (offline, online)")
                .tag("group", group).tag("store", store).register(registry);
    }

    private Counter rowsQuarantined(String group) {
        return Counter.builder("fstore.rows.quarantined").description("Rows quarantined (bad data)")
                .tag("group", group).register(registry);
    }

    private static double epochSeconds(Instant at) {
        return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
    }

    private double secondsSince(Instant at) {
        return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
    }
}
