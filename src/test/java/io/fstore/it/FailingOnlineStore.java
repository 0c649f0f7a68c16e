package io.fstore.it;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.store.online.DelegatingOnlineStore;
import io.fstore.store.online.OnlineStore;

/** A real online store that throws on one chosen chunk write (counting from 1), then works again. */
class FailingOnlineStore extends DelegatingOnlineStore {

    private final int failingWrite;
    private final Supplier<? extends Throwable> failure;
    private final AtomicInteger writes = new AtomicInteger();

    FailingOnlineStore(OnlineStore delegate, int failingWrite, Supplier<? extends Throwable> failure) {
        super(delegate);
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
    public String describe() {
        return "failing " + delegate.describe();
    }
}
