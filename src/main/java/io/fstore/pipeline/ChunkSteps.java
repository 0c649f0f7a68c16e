package io.fstore.pipeline;

import java.time.Clock;
import java.time.Instant;

import io.fstore.model.RunPolicy;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.observe.PipelineMetrics;
import io.fstore.source.GroupRun;
import io.fstore.source.GroupState;
import io.fstore.source.SourceChunk;
import io.fstore.store.offline.OfflineStore;
import io.fstore.store.online.OnlineStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the one shared chunk route ({@code direct:fstore.chunk}): normalize, check the quarantine limit, the
 * sinks, and commit. It reads exchange properties only: the group ({@link Names#GROUP_PROPERTY}) and, inside a
 * bounded run, the run ({@link Names#RUN_PROPERTY}) whose counts and checkpoint the commit moves.
 */
public final class ChunkSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkSteps.class);

    private final FeatureGroups groups;
    private final io.fstore.source.GroupStateStore states;
    private final Quarantine quarantine;
    private final OfflineStore offlineStore;
    private final OnlineStore onlineStore;
    private final Clock clock;
    private final IngestionClock ingestion;
    private final RunLeases leases;
    private final PipelineMetrics metrics;
    private final ProgressLog progress;

    public ChunkSteps(FeatureGroups groups, io.fstore.source.GroupStateStore states, Quarantine quarantine,
                      OfflineStore offlineStore, OnlineStore onlineStore, Clock clock, RunLeases leases,
                      PipelineMetrics metrics, ProgressLog progress) {
        this.metrics = metrics;
        this.progress = progress;
        this.groups = groups;
        this.states = states;
        this.quarantine = quarantine;
        this.offlineStore = offlineStore;
        this.onlineStore = onlineStore;
        this.clock = clock;
        this.ingestion = new IngestionClock(clock);
        this.leases = leases;
    }

    /**
     * Body: a {@link SourceChunk}; becomes its {@link NormalizedChunk} (also in {@link Names#CHUNK_PROPERTY}): the one
     * it carries when its source normalized it ahead, else normalized here.
     */
    public void normalize(Exchange exchange) {
        SourceChunk source = exchange.getMessage().getBody(SourceChunk.class);
        String group = exchange.getProperty(Names.GROUP_PROPERTY, String.class);
        NormalizedChunk chunk = source.normalized() != null ? source.normalized()
                : groups.normalizer(group).normalize(source.records(), source.position());
        metrics.rowsRead(group, chunk.sourceRows());
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
        GroupRun run = RunSteps.run(exchange);
        long bad = (run == null ? 0 : run.rowsQuarantined()) + chunk.quarantined().size();
        long read = (run == null ? 0 : run.rowsRead()) + chunk.sourceRows();
        RunPolicy policy = chunk.group().runPolicy();
        if (policy.quarantineExceeded(bad, read)) {
            throw new QuarantineLimitExceededException(bad + " of " + read + " rows read so far are quarantined, "
                    + "more than the limit (quarantine: { max_ratio: " + policy.maxQuarantineRatio()
                    + ", tolerate_rows: " + policy.tolerateQuarantined() + " }); the checkpoint stays before them. "
                    + "First reason: " + chunk.quarantined().get(0).reason() + ". Fix the definition or the source; "
                    + "the next run reads these rows again");
        }
    }

    /** Sink {@code offline}: the chunk's rows into the offline store. */
    public void offline(Exchange exchange) {
        NormalizedChunk chunk = chunk(exchange);
        int stored = offlineStore.write(chunk.group(), chunk.rows(), ingestedAt(exchange));
        metrics.rowsStored(chunk.group().name(), "offline", stored);
    }

    /** Sink {@code online}: the newest value per entity and feature into the online store. */
    public void online(Exchange exchange) {
        NormalizedChunk chunk = chunk(exchange);
        onlineStore.writeRows(chunk.group(), chunk.rows(), ingestedAt(exchange));
        metrics.rowsStored(chunk.group().name(), "online", chunk.rows().size());
    }

    /**
     * Every sink holds the chunk: keep its bad rows in quarantine and, inside a run, count it and commit the
     * checkpoint if it moved (only while the run holds its lease).
     */
    public void chunkStored(Exchange exchange) {
        GroupRun run = RunSteps.run(exchange);
        NormalizedChunk chunk = chunk(exchange);
        if (run != null) {
            leases.require(RunSteps.lease(exchange), run, clock.instant());
        }
        if (!chunk.quarantined().isEmpty()) {
            quarantine.write(chunk.group().name(), chunk.quarantined(), clock.instant());
            metrics.rowsQuarantined(chunk.group().name(), chunk.quarantined().size());
            LOG.warn("Group {}: {} row(s) quarantined, first reason: {}", chunk.group().name(),
                    chunk.quarantined().size(), chunk.quarantined().get(0).reason());
        }
        if (run != null) {
            run.chunkStored(chunk).ifPresent(c -> states.save(run.group().name(), new GroupState(c, run.progress())));
            metrics.chunkCommitted(run.group().name(), run.newestEventTime().orElse(null),
                    run.tracker().currentTime().orElse(null));
            progress.chunkStored(run);
        }
    }

    private static Instant ingestedAt(Exchange exchange) {
        return exchange.getProperty(Names.INGESTED_AT_PROPERTY, Instant.class);
    }

    private static NormalizedChunk chunk(Exchange exchange) {
        return exchange.getProperty(Names.CHUNK_PROPERTY, NormalizedChunk.class);
    }
}
