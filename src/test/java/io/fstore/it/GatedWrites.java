package io.fstore.it;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.store.online.DelegatingOnlineStore;
import io.fstore.store.online.OnlineStore;

/**
 * The real online store, in which every write of one group waits until the test opens the gate (at most 60 s): a run
 * of that group is held in the middle, deterministically, for as long as the test needs it running.
 */
class GatedWrites extends DelegatingOnlineStore {

    private final String group;
    private final CountDownLatch gate;

    GatedWrites(OnlineStore delegate, String group, CountDownLatch gate) {
        super(delegate);
        this.group = group;
        this.gate = gate;
    }

    @Override
    public void writeRows(FeatureGroup written, List<FeatureRow> rows, Instant ingestedAt) {
        if (written.name().equals(group)) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.writeRows(written, rows, ingestedAt);
    }
}
