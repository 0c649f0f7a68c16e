package io.fstore.pipeline;

import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.source.GroupRun;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.IncrementalQuery;
import io.fstore.source.RowChunker;
import io.fstore.source.RunSummary;
import io.fstore.source.Watermark;
import io.fstore.store.offline.OfflineStore;
import io.fstore.store.online.OnlineStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps the pipeline routes call, one method per step. Each is a thin adapter from the exchange to the
 * plain classes that do the work (normalizer, run bookkeeping, stores).
 */
public final class PipelineSteps {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineSteps.class);

    private final FeatureGroups groups;
    private final GroupStateStore states;
    private final Quarantine quarantine;
    private final OfflineStore offlineStore;
    private final OnlineStore onlineStore;
    private final Clock clock;
    private final IngestionClock ingestion;
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public PipelineSteps(FeatureGroups groups, GroupStateStore states, Quarantine quarantine, OfflineStore offlineStore,
                         OnlineStore onlineStore, Clock clock) {
        this.groups = groups;
        this.states = states;
        this.quarantine = quarantine;
        this.offlineStore = offlineStore;
        this.onlineStore = onlineStore;
        this.clock = clock;
        this.ingestion = new IngestionClock(clock);
    }

    /**
     * Starts a run: loads the watermark and sets the SQL (body) and its parameter (header). A group runs once at a
     * time: a trigger that fires while a run is going (the startup run and the schedule, say) is skipped.
     */
    public void begin(Exchange exchange) {
        FeatureGroup group = groups.get(exchange.getMessage().getHeader(Names.GROUP_HEADER, String.class));
        if (!running.add(group.name())) {
            LOG.info("Group {} is already running; this trigger is skipped", group.name());
            exchange.getMessage().setBody(null);
            exchange.setRouteStop(true);
            return;
        }
        Optional<GroupState> state = states.load(group.name());
        Optional<Watermark> watermark = state.map(GroupState::watermark)
                .filter(w -> group.source().incrementalColumn().map(c -> c.equals(w.column())).orElse(false));
        GroupRun run = new GroupRun(group, watermark, clock);
        exchange.setProperty(Names.RUN_PROPERTY, run);
        exchange.getMessage().setBody(IncrementalQuery.sql(group.source(), watermark.isPresent()));
        watermark.ifPresent(w -> exchange.getMessage().setHeader(IncrementalQuery.WATERMARK_PARAMETER, w.jdbcValue()));
        states.save(group.name(), new GroupState(watermark.orElse(null), run.progress()));
        LOG.info("Run of group {} started from watermark {}", group.name(), watermark.map(Watermark::value)
                .orElse("(none: reading every row)"));
    }

    /** Body: the streamed rows; returns them in chunks of the group's chunk size. */
    public Iterator<List<Map<String, Object>>> chunks(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Iterator<Map<String, Object>> rows = exchange.getMessage().getBody(Iterator.class);
        int size = exchange.getMessage().getHeader(Names.CHUNK_SIZE_HEADER, Integer.class);
        return RowChunker.chunks(rows, size);
    }

    /** Body: one chunk of raw rows; becomes the {@link NormalizedChunk}. */
    public void normalize(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        NormalizedChunk chunk = groups.normalizer(run(exchange).group().name()).normalize(rows);
        exchange.setProperty(Names.CHUNK_PROPERTY, chunk);
        exchange.setProperty(Names.INGESTED_AT_PROPERTY, ingestion.next());
        exchange.getMessage().setBody(chunk);
    }

    public void quarantine(Exchange exchange) {
        NormalizedChunk chunk = chunk(exchange);
        quarantine.write(chunk.group().name(), chunk.quarantined(), clock.instant());
        if (!chunk.quarantined().isEmpty()) {
            LOG.warn("Group {}: {} row(s) quarantined, first reason: {}", chunk.group().name(),
                    chunk.quarantined().size(), chunk.quarantined().get(0).reason());
        }
    }

    public void offline(Exchange exchange) {
        NormalizedChunk chunk = chunk(exchange);
        offlineStore.write(chunk.group(), chunk.rows(), ingestedAt(exchange));
    }

    public void online(Exchange exchange) {
        NormalizedChunk chunk = chunk(exchange);
        onlineStore.writeRows(chunk.group(), chunk.rows(), ingestedAt(exchange));
    }

    private static java.time.Instant ingestedAt(Exchange exchange) {
        return exchange.getProperty(Names.INGESTED_AT_PROPERTY, java.time.Instant.class);
    }

    /** Both sinks hold the chunk: count it and save the watermark if it moved. */
    public void chunkStored(Exchange exchange) {
        GroupRun run = run(exchange);
        run.chunkStored(chunk(exchange))
                .ifPresent(w -> states.save(run.group().name(), new GroupState(w, run.progress())));
    }

    public RunSummary finish(Exchange exchange) {
        GroupRun run = run(exchange);
        RunSummary summary = run.finish();
        states.save(run.group().name(), new GroupState(run.watermark().orElse(null), summary));
        running.remove(run.group().name());
        LOG.info("Run of group {} done: {} rows read, {} stored, {} quarantined in {} chunk(s); watermark {}",
                summary.group(), summary.rowsRead(), summary.rowsStored(), summary.rowsQuarantined(),
                summary.chunks(), summary.watermark() == null ? "-" : summary.watermark().value());
        return summary;
    }

    /** Called by the error policy: records the failed run so the state file never claims it is still running. */
    public void failed(Exchange exchange) {
        GroupRun run = run(exchange);
        if (run == null) { // failed before the run started (e.g. an unreadable state file)
            running.remove(exchange.getMessage().getHeader(Names.GROUP_HEADER, String.class));
            return;
        }
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
        try {
            states.save(run.group().name(), new GroupState(run.watermark().orElse(null), run.failed(error)));
        } finally {
            running.remove(run.group().name());
        }
    }

    private static GroupRun run(Exchange exchange) {
        return exchange.getProperty(Names.RUN_PROPERTY, GroupRun.class);
    }

    private static NormalizedChunk chunk(Exchange exchange) {
        return exchange.getProperty(Names.CHUNK_PROPERTY, NormalizedChunk.class);
    }
}
