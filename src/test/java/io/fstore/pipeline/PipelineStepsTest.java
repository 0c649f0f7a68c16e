package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import io.fstore.store.offline.ParquetOfflineStore;
import io.fstore.store.offline.ParquetPartWriter;
import io.fstore.store.online.EmbeddedOnlineStore;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineStepsTest {

    @Test
    void a_trigger_that_fires_while_the_group_runs_is_skipped_and_the_next_one_runs(@TempDir Path dir) throws Exception {
        FeatureGroup group = TestGroups.wide(Optional.of("ts"));
        try (DefaultCamelContext camel = new DefaultCamelContext();
             EmbeddedOnlineStore online = new EmbeddedOnlineStore(dir.resolve("online"))) {
            PipelineSteps steps = new PipelineSteps(new FeatureGroups(List.of(group)),
                    new GroupStateStore(dir.resolve("state")), new Quarantine(dir.resolve("quarantine")),
                    new ParquetOfflineStore(new ParquetPartWriter(dir.resolve("offline"), "SNAPPY")), online, Clock.systemUTC());

            Exchange first = trigger(camel, steps, group);
            Exchange overlapping = trigger(camel, steps, group);
            RunSummary done = steps.finish(first);
            Exchange next = trigger(camel, steps, group);

            assertThat(first.isRouteStop()).isFalse();
            assertThat(first.getMessage().getBody(String.class)).startsWith("SELECT * FROM (");
            assertThat(overlapping.isRouteStop()).as("skipped while the first run is going").isTrue();
            assertThat(done.status()).isEqualTo("succeeded");
            assertThat(next.isRouteStop()).as("runs again once the first run finished").isFalse();
        }
    }

    private static Exchange trigger(DefaultCamelContext camel, PipelineSteps steps, FeatureGroup group) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Names.GROUP_HEADER, group.name());
        steps.begin(exchange);
        return exchange;
    }
}
