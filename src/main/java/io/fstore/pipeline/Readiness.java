package io.fstore.pipeline;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which groups can be served yet. A group with {@code run_on_start: true} is warming up until its first run in this
 * process ends (succeeded or failed), unless an earlier process already finished a run of it; every other group is
 * ready at once. When the last group is ready, the listener runs once (FStore logs its "ready" line there).
 */
public final class Readiness {

    private final Set<String> warmingUp = ConcurrentHashMap.newKeySet();
    private volatile Runnable onAllReady = () -> { };
    private volatile boolean announced;

    /** @param warmingUp the groups that wait for their first run */
    public Readiness(Collection<String> warmingUp) {
        this.warmingUp.addAll(warmingUp);
    }

    public boolean isReady(String group) {
        return !warmingUp.contains(group);
    }

    public boolean allReady() {
        return warmingUp.isEmpty();
    }

    /** A run of the group ended (either way). */
    public void runEnded(String group) {
        if (warmingUp.remove(group)) {
            announceIfAllReady();
        }
    }

    /** Runs {@code listener} once, as soon as every group is ready (at once if they already are). */
    public void onAllReady(Runnable listener) {
        this.onAllReady = listener;
        announceIfAllReady();
    }

    private void announceIfAllReady() {
        if (warmingUp.isEmpty()) {
            synchronized (this) {
                if (!announced) {
                    announced = true;
                    onAllReady.run();
                }
            }
        }
    }
}
