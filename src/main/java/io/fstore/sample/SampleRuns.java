package io.fstore.sample;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Names;
import io.fstore.model.FeatureGroup;
import io.fstore.source.GroupRun;
import io.fstore.source.SourceAdapter;
import org.apache.camel.Exchange;

/**
 * Stands in for the run bookkeeping ({@code fstoreRuns}) when a source template is run to read a sample: every read
 * starts at the beginning of the source (no checkpoint), takes no lease and saves no state.
 */
public final class SampleRuns {

    private final FeatureGroups groups;
    private final Clock clock;

    SampleRuns(FeatureGroups groups, Clock clock) {
        this.groups = groups;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        FeatureGroup group = groups.get(exchange.getProperty(Names.GROUP_PROPERTY, String.class));
        SourceAdapter adapter = groups.adapter(group.name());
        exchange.setProperty(Names.RUN_PROPERTY, new GroupRun(group, adapter.tracker(Optional.empty()), clock,
                "sample", Instant.MAX));
    }

    public void finish(Exchange exchange) {
        // nothing to record: a sample is not a run
    }
}
