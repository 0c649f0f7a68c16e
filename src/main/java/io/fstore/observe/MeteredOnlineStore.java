package io.fstore.observe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * An online store that times its reads and writes and counts its failures, for every store type alike:
 * {@code fstore_online_read_seconds} and {@code fstore_online_write_seconds} (histograms, tag {@code store}: the
 * store type), {@code fstore_online_errors_total{operation="read|write"}}. Everything else passes through.
 */
public final class MeteredOnlineStore implements OnlineStore {

    private final OnlineStore store;
    private final Timer reads;
    private final Timer writes;
    private final Counter readErrors;
    private final Counter writeErrors;

    public MeteredOnlineStore(OnlineStore store, String type, MeterRegistry registry) {
        this.store = store;
        this.reads = timer("fstore.online.read", "Online store reads (one per request and group)", type, registry);
        this.writes = timer("fstore.online.write", "Online store writes (one per chunk)", type, registry);
        this.readErrors = errors("read", type, registry);
        this.writeErrors = errors("write", type, registry);
    }

    private static Timer timer(String name, String description, String type, MeterRegistry registry) {
        return Timer.builder(name).description(description).tag("store", type).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofNanos(50_000))
                .maximumExpectedValue(java.time.Duration.ofSeconds(30)).register(registry);
    }

    private static Counter errors(String operation, String type, MeterRegistry registry) {
        return Counter.builder("fstore.online.errors").description("Online store reads and writes that failed")
                .tag("store", type).tag("operation", operation).register(registry);
    }

    @Override
    public void create(FeatureGroup group) {
        store.create(group);
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        timed(writes, writeErrors, () -> {
            store.writeRows(group, rows, ingestedAt);
            return null;
        });
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        return timed(reads, readErrors, () -> store.read(group, entityIds, features));
    }

    private static <T> T timed(Timer timer, Counter errors, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            errors.increment();
            throw e;
        } finally {
            timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Health checks ping the store itself: not a read, not timed here. */
    @Override
    public void ping(java.time.Duration timeout) {
        store.ping(timeout);
    }

    @Override
    public void teardown(String group) {
        store.teardown(group);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
