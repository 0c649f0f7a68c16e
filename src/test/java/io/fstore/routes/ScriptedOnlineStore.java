package io.fstore.routes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.store.online.DelegatingOnlineStore;
import io.fstore.store.online.OnlineStore;

/**
 * The real online store, with a script for chosen chunk writes of chosen groups (counting each group's writes from 1,
 * redelivered ones included): run an action first (wait for something), then throw or store. Counts what reached the
 * real store.
 */
final class ScriptedOnlineStore extends DelegatingOnlineStore {

    /** What write number {@code write} of a group does: {@code before}, then throw {@code failure} (null: store). */
    record Step(int write, Runnable before, Supplier<? extends Throwable> failure) {

        static Step fail(int write, Supplier<? extends Throwable> failure) {
            return new Step(write, () -> { }, failure);
        }
    }

    private final Map<String, List<Step>> script;
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> storedRows = new ConcurrentHashMap<>();

    ScriptedOnlineStore(OnlineStore delegate, Map<String, List<Step>> script) {
        super(delegate);
        this.script = script;
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        int write = writes.computeIfAbsent(group.name(), g -> new AtomicInteger()).incrementAndGet();
        for (Step step : script.getOrDefault(group.name(), List.of())) {
            if (step.write() == write) {
                step.before().run();
                if (step.failure() != null) {
                    Throwable t = step.failure().get();
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) t;
                }
            }
        }
        delegate.writeRows(group, rows, ingestedAt);
        storedRows.computeIfAbsent(group.name(), g -> new AtomicInteger()).addAndGet(rows.size());
    }

    /** Chunk writes of the group so far, failed ones included. */
    int writes(String group) {
        AtomicInteger n = writes.get(group);
        return n == null ? 0 : n.get();
    }

    /** Rows of the group that reached the real store. */
    int storedRows(String group) {
        AtomicInteger n = storedRows.get(group);
        return n == null ? 0 : n.get();
    }

    @Override
    public String describe() {
        return "scripted " + delegate.describe();
    }
}
