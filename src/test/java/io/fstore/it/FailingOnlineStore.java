package io.fstore.it;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;

/** A real online store that throws on one chosen chunk write (counting from 1), then works again. */
class FailingOnlineStore implements OnlineStore {

    private final OnlineStore delegate;
    private final int failingWrite;
    private final Supplier<? extends Throwable> failure;
    private final AtomicInteger writes = new AtomicInteger();

    FailingOnlineStore(OnlineStore delegate, int failingWrite, Supplier<? extends Throwable> failure) {
        this.delegate = delegate;
        this.failingWrite = failingWrite;
        this.failure = failure;
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        if (writes.incrementAndGet() == failingWrite) {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }
        delegate.writeRows(group, rows, ingestedAt);
    }

    @Override
    public void create(FeatureGroup group) {
        delegate.create(group);
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        return delegate.read(group, entityIds, features);
    }

    @Override
    public void teardown(String group) {
        delegate.teardown(group);
    }

    @Override
    public void ping(java.time.Duration timeout) {
        delegate.ping(timeout);
    }

    @Override
    public String describe() {
        return "failing " + delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
