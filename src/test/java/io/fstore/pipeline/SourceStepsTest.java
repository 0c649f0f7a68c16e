package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.source.GroupRun;
import io.fstore.source.SourceChunk;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The chunks of a run through Camel's streaming splitter, as every source template cuts them. */
class SourceStepsTest {

    private static final int CHUNK = 10;
    private final FeatureGroup group = TestGroups.wide(Optional.empty());

    /** Records the source hands out, counting each one pulled. */
    private static Iterator<Map<String, Object>> source(int records, AtomicInteger pulled) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < records;
            }

            @Override
            public Map<String, Object> next() {
                pulled.incrementAndGet();
                String id = "c" + i++;
                return Map.of("customer_id", id, "lifetime_value", 1.5, "orders", 1L, "segment", "s", "is_vip", true,
                        "first_order_at", "2024-01-02T03:04:05Z", "balance", "1.00", "ts", "2024-03-01T10:00:00Z");
            }
        };
    }

    /** Splits the source as the templates do; the chunk numbered {@code failing} (from 0) fails, the others are stored. */
    private GroupRun split(Iterator<Map<String, Object>> records, int failing, List<Integer> seen) throws Exception {
        FeatureGroups groups = new FeatureGroups(List.of(group));
        GroupRun run = new GroupRun(group, groups.adapter(group.name()).tracker(Optional.empty()), Clock.systemUTC(),
                "test", Instant.MAX);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("fstoreSources", new SourceSteps(groups));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:run").split(method("fstoreSources", "chunks")).streaming().stopOnException()
                            .process(e -> {
                                SourceChunk chunk = e.getMessage().getBody(SourceChunk.class);
                                seen.add(chunk.records().size());
                                if (seen.size() - 1 == failing) {
                                    throw new IllegalStateException("the online store is down");
                                }
                                run.chunkStored(chunk.normalized());
                            });
                }
            });
            camel.start();
            Exchange done = camel.createProducerTemplate().send("direct:run", e -> {
                e.setProperty(Names.GROUP_PROPERTY, group.name());
                e.setProperty(Names.CHUNK_SIZE_PROPERTY, CHUNK);
                e.setProperty(Names.RUN_PROPERTY, run);
                e.getMessage().setBody(records);
            });
            if (failing >= 0) {
                assertThat(done.getException()).hasMessageContaining("the online store is down");
            } else {
                assertThat(done.getException()).isNull();
            }
        }
        return run;
    }

    @Test
    void every_chunk_of_a_healthy_run_is_handed_out() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        List<Integer> seen = new java.util.ArrayList<>();

        GroupRun run = split(source(95, pulled), -1, seen);

        assertThat(pulled).hasValue(95);
        assertThat(seen).containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 5);
        assertThat(run.progress().rowsStored()).isEqualTo(95);
    }

    @Test
    void a_failed_chunk_stops_the_reading_instead_of_draining_the_source() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        List<Integer> seen = new java.util.ArrayList<>();

        GroupRun run = split(source(1_000_000, pulled), 2, seen);

        assertThat(run.chunksStored()).isEqualTo(2);
        // chunks 0-2 handed out, at most two more read ahead or handed to the splitter's drain: not a million records
        assertThat(pulled.get()).isBetween(3 * CHUNK, 5 * CHUNK);
    }
}
