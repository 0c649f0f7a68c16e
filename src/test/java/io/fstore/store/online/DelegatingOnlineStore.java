package io.fstore.store.online;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;

/** A real online store passed through untouched: tests override the calls they hold up, break or count. */
public abstract class DelegatingOnlineStore implements OnlineStore {

    protected final OnlineStore delegate;

    protected DelegatingOnlineStore(OnlineStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
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
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
