package io.fstore.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.model.RunPolicy;
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
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps the pipeline routes call, one method per step. Each is a thin adapter from the exchange to the
 * plain classes that do the work (normalizer, run bookkeeping, leases, stores).
 *
 * <p>What a failed run leaves behind: the run is recorded as failed with its error, its lease is released, and the
 * checkpoint stays where the last chunk stored in every sink left it. The failing chunk may have reached one sink and
 * not the other; the next run reads it again and both sinks converge (online: newest event, then later ingestion,
 * wins; offline: readers keep the newest ingestion per entity and event time).
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
    private final RunLeases leases = new RunLeases();
    private final Readiness readiness;

    public PipelineSteps(FeatureGroups groups, GroupStateStore states, Quarantine quarantine, OfflineStore offlineStore,
                         OnlineStore onlineStore, Clock clock) {
        this(groups, states, quarantine, offlineStore, onlineStore, clock, new Readiness(java.util.List.of()));
    }

    /** @param readiness told when each run ends, so groups warming up become servable */
    public PipelineSteps(FeatureGroups groups, GroupStateStore states, Quarantine quarantine, OfflineStore offlineStore,
                         OnlineStore onlineStore, Clock clock, Readiness readiness) {
        this.readiness = readiness;
        this.groups = groups;
        this.states = states;
        this.quarantine = quarantine;
        this.offlineStore = offlineStore;
        this.onlineStore = onlineStore;
        this.clock = clock;
        this.ingestion = new IngestionClock(clock);
    }

    /**
     * Starts a run: takes the group's lease, loads the watermark and sets the SQL (body) and its parameter (header).
     * A trigger that fires while a live run holds the group (the startup run and the schedule, say) is skipped.
     */
    public void begin(Exchange exchange) {
        FeatureGroup group = groups.get(exchange.getMessage().getHeader(Names.GROUP_HEADER, String.class));
        Optional<RunLeases.Lease> acquired = leases.acquire(group.name(), exchange.getExchangeId(),
                group.runPolicy().maxRunTime(), clock.instant());
        if (acquired.isEmpty()) {
            LOG.debug("Group {} is already running; this trigger is skipped", group.name());
            exchange.getMessage().setBody(null);
            exchange.setRouteStop(true);
            return;
        }
        RunLeases.Lease lease = acquired.get();
        exchange.setProperty(Names.LEASE_PROPERTY, lease);
        // the last resort after the error policy: whatever ends the exchange releases the group
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                leases.release(lease);
            }
        });
        Optional<GroupState> state = states.load(group.name());
        Optional<Watermark> watermark = state.map(GroupState::watermark)
                .filter(w -> group.source().incrementalColumn().map(c -> c.equals(w.column())).orElse(false));
        GroupRun run = new GroupRun(group, watermark, clock, lease.holder(), lease.expiresAt());
        exchange.setProperty(Names.RUN_PROPERTY, run);
        exchange.getMessage().setBody(IncrementalQuery.sql(group.source(), watermark.isPresent()));
        watermark.ifPresent(w -> exchange.getMessage().setHeader(IncrementalQuery.WATERMARK_PARAMETER, w.jdbcValue()));
        states.save(group.name(), new GroupState(watermark.orElse(null), run.progress()));
        LOG.debug("Run of group {} started from watermark {}", group.name(), watermark.map(Watermark::value)
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

    /**
     * Fails the run if its bad rows so far exceed the group's quarantine limit: the chunk is not stored and the
     * checkpoint does not pass it. The bad rows themselves are written to quarantine with the chunk (see
     * {@link #chunkStored}), so a chunk that fails, and is read again by the next run, never leaves copies behind.
     */
    public void quarantine(Exchange exchange) {
        NormalizedChunk chunk = chunk(exchange);
        if (chunk.quarantined().isEmpty()) {
            return;
        }
        GroupRun run = run(exchange);
        long bad = run.rowsQuarantined() + chunk.quarantined().size();
        long read = run.rowsRead() + chunk.sourceRows();
        RunPolicy policy = chunk.group().runPolicy();
        if (policy.quarantineExceeded(bad, read)) {
            throw new QuarantineLimitExceededException(bad + " of " + read + " rows read so far are quarantined, "
                    + "more than the limit (quarantine: { max_ratio: " + policy.maxQuarantineRatio()
                    + ", tolerate_rows: " + policy.tolerateQuarantined() + " }); the checkpoint stays before them. "
                    + "First reason: " + chunk.quarantined().get(0).reason() + ". Fix the definition or the source; "
                    + "the next run reads these rows again");
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

    /**
     * Every sink holds the chunk: keep its bad rows in quarantine, count it, and save the watermark if it moved (only
     * while the run holds its lease).
     */
    public void chunkStored(Exchange exchange) {
        GroupRun run = run(exchange);
        requireLease(exchange, run);
        NormalizedChunk chunk = chunk(exchange);
        if (!chunk.quarantined().isEmpty()) {
            quarantine.write(run.group().name(), chunk.quarantined(), clock.instant());
            LOG.warn("Group {}: {} row(s) quarantined, first reason: {}", run.group().name(),
                    chunk.quarantined().size(), chunk.quarantined().get(0).reason());
        }
        run.chunkStored(chunk)
                .ifPresent(w -> states.save(run.group().name(), new GroupState(w, run.progress())));
    }

    public RunSummary finish(Exchange exchange) {
        GroupRun run = run(exchange);
        requireLease(exchange, run);
        RunSummary summary = run.finish();
        states.save(run.group().name(), new GroupState(run.watermark().orElse(null), summary));
        leases.release(lease(exchange));
        // an idle run (nothing new) is not news: DEBUG, so a group polled every minute does not fill the log
        String line = "Run of group {} done: {} rows read, {} stored, {} quarantined in {} chunk(s); watermark {}";
        Object[] args = {summary.group(), summary.rowsRead(), summary.rowsStored(), summary.rowsQuarantined(),
            summary.chunks(), summary.watermark() == null ? "-" : summary.watermark().value()};
        if (summary.rowsRead() > 0) {
            LOG.info(line, args);
        } else {
            LOG.debug(line, args);
        }
        readiness.runEnded(run.group().name());
        return summary;
    }

    /**
     * Called by the error policy for any {@link Throwable}: records the failed run so the state file never claims it
     * is still running, and releases the group.
     */
    public void failed(Exchange exchange) {
        RunLeases.Lease lease = lease(exchange);
        GroupRun run = run(exchange);
        String error = describe(exchange);
        // the log line of the failure: one line, whatever the driver put in its message (newlines, SQL)
        exchange.setProperty(Names.RUN_ERROR_PROPERTY, error.replaceAll("\\s*[\\r\\n]+\\s*", " "));
        try {
            if (run != null && lease != null && leases.isCurrent(lease)) {
                states.save(run.group().name(), new GroupState(run.watermark().orElse(null),
                        run.failed(error)));
            }
        } finally {
            if (lease != null) {
                leases.release(lease);
            }
            if (run != null) {
                readiness.runEnded(run.group().name());
            }
        }
    }

    private void requireLease(Exchange exchange, GroupRun run) {
        RunLeases.Lease lease = lease(exchange);
        if (lease != null && !leases.holds(lease, clock.instant())) {
            throw new RunLeaseLostException("Run " + lease.holder() + " of group " + run.group().name()
                    + " outlived its max_run_time (" + run.group().runPolicy().maxRunTime()
                    + "); it stops without moving the checkpoint");
        }
    }

    private static String describe(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
            e = exchange.getException();
        }
        // Camel wraps what is not an Exception (an Error) in its own exceptions: report what was thrown
        while (e instanceof org.apache.camel.RuntimeCamelException && e.getCause() != null) {
            e = e.getCause();
        }
        return e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static Instant ingestedAt(Exchange exchange) {
        return exchange.getProperty(Names.INGESTED_AT_PROPERTY, Instant.class);
    }

    private static RunLeases.Lease lease(Exchange exchange) {
        return exchange.getProperty(Names.LEASE_PROPERTY, RunLeases.Lease.class);
    }

    private static GroupRun run(Exchange exchange) {
        return exchange.getProperty(Names.RUN_PROPERTY, GroupRun.class);
    }

    private static NormalizedChunk chunk(Exchange exchange) {
        return exchange.getProperty(Names.CHUNK_PROPERTY, NormalizedChunk.class);
    }
}
