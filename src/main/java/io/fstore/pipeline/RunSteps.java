package io.fstore.pipeline;

import java.time.Clock;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.observe.PipelineMetrics;
import io.fstore.source.Checkpoint;
import io.fstore.source.GroupRun;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import io.fstore.source.SourceAdapter;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run bookkeeping around a bounded run (a source template's {@code begin}, {@code finish} and the error policy's
 * {@code failed}): the group's lease, the start checkpoint, counts and the run summary in
 * {@code data/state/<group>.json}. A never-ending consumer route uses the chunk pipeline without these.
 *
 * <p>What a failed run leaves behind: the run is recorded as failed with its error, its lease is released, and the
 * checkpoint stays where the last chunk stored in every sink left it. The failing chunk may have reached one sink and
 * not the other; the next run reads it again and both sinks converge (online: newest event, then later ingestion,
 * wins; offline: readers keep the newest ingestion per entity and event time).
 */
public final class RunSteps {

    private static final Logger LOG = LoggerFactory.getLogger(RunSteps.class);

    private final FeatureGroups groups;
    private final GroupStateStore states;
    private final RunLeases leases;
    private final Clock clock;
    private final Readiness readiness;
    private final BrokenStreamReruns reruns;
    private final PipelineMetrics metrics;
    private final ProgressLog progress;
    private final io.fstore.source.RunHistoryStore history;
    private static final java.util.concurrent.ScheduledExecutorService RERUN_TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fstore-rerun");
                t.setDaemon(true);
                return t;
            });

    public RunSteps(FeatureGroups groups, GroupStateStore states, RunLeases leases, Clock clock, Readiness readiness) {
        this(groups, states, leases, clock, readiness, null);
    }

    /** @param reruns starts a run again whose stream broke for a retriable reason (null: never) */
    public RunSteps(FeatureGroups groups, GroupStateStore states, RunLeases leases, Clock clock, Readiness readiness,
                    BrokenStreamReruns reruns) {
        this(groups, states, leases, clock, readiness, reruns, null, PipelineMetrics.none(), ProgressLog.off());
    }

    /**
     * @param history  where each run is recorded when it ends (null: nowhere)
     * @param metrics  counts ended runs
     * @param progress forgets a run when it ends
     */
    public RunSteps(FeatureGroups groups, GroupStateStore states, RunLeases leases, Clock clock, Readiness readiness,
                    BrokenStreamReruns reruns, io.fstore.source.RunHistoryStore history, PipelineMetrics metrics,
                    ProgressLog progress) {
        this.history = history;
        this.metrics = metrics;
        this.progress = progress;
        this.reruns = reruns;
        this.groups = groups;
        this.states = states;
        this.leases = leases;
        this.clock = clock;
        this.readiness = readiness;
    }

    /**
     * Starts a run of the group in property {@link Names#GROUP_PROPERTY}: takes its lease and loads its checkpoint. A
     * trigger that fires while a live run holds the group (the startup run and the schedule, say) is skipped. A run
     * started by {@code POST /groups/{group}/runs} arrives with the lease its request took (property
     * {@link Names#LEASE_PROPERTY}) and runs under it.
     */
    public void begin(Exchange exchange) {
        FeatureGroup group = groups.get(exchange.getProperty(Names.GROUP_PROPERTY, String.class));
        RunLeases.Lease handed = lease(exchange);
        Optional<RunLeases.Lease> acquired = handed != null && handed.group().equals(group.name())
                && leases.holds(handed, clock.instant()) ? Optional.of(handed) : leases.acquire(group.name(),
                        exchange.getExchangeId(), group.runPolicy().maxRunTime(), clock.instant());
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
        SourceAdapter adapter = groups.adapter(group.name());
        Optional<GroupState> before = states.load(group.name());
        Optional<Checkpoint> start = adapter.resumeFrom(before.map(GroupState::checkpoint));
        GroupRun run = new GroupRun(group, adapter.tracker(start), clock, lease.holder(), lease.expiresAt(),
                before.map(GroupState::lastRun).orElse(null));
        exchange.setProperty(Names.RUN_PROPERTY, run);
        states.save(group.name(), new GroupState(start.orElse(null), run.progress()));
        LOG.debug("Run of group {} started from checkpoint {}", group.name(),
                start.map(Checkpoint::toString).orElse("(none: reading every record)"));
    }

    public RunSummary finish(Exchange exchange) {
        GroupRun run = run(exchange);
        leases.require(lease(exchange), run, clock.instant());
        RunSummary summary = run.finish();
        states.save(run.group().name(), new GroupState(run.checkpoint().orElse(null), summary));
        record(summary);
        leases.release(lease(exchange));
        // an idle run (nothing new) is not news: DEBUG, so a group polled every minute does not fill the log
        String line = "Run of group {} done: {} rows read, {} stored, {} quarantined in {} chunk(s); checkpoint {}";
        Object[] args = {summary.group(), summary.rowsRead(), summary.rowsStored(), summary.rowsQuarantined(),
            summary.chunks(), summary.checkpoint() == null ? "-" : summary.checkpoint()};
        if (summary.rowsRead() > 0) {
            LOG.info(line, args);
        } else {
            LOG.debug(line, args);
        }
        readiness.runEnded(run.group().name());
        metrics.runEnded(summary, run.tracker().currentTime().orElse(null));
        progress.runEnded(run);
        if (reruns != null) {
            reruns.afterSuccess(run.group().name());
        }
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
                RunSummary summary = record(run.failed(error));
                // counted before the save: a state file that cannot be written must not hide the failed run
                metrics.runEnded(summary, run.tracker().currentTime().orElse(null));
                states.save(run.group().name(), new GroupState(run.checkpoint().orElse(null), summary));
            }
        } finally {
            if (lease != null) {
                leases.release(lease);
            }
            if (run != null) {
                progress.runEnded(run);
                readiness.runEnded(run.group().name());
                rerunIfTheStreamBroke(exchange, run.group().name());
            }
        }
    }

    private void rerunIfTheStreamBroke(Exchange exchange, String group) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (reruns == null || e == null) {
            return;
        }
        reruns.afterFailure(group, e).ifPresent(wait -> {
            LOG.warn("Group {}: its source's stream broke ({}); the run starts again from its checkpoint in {} ms",
                    group, e.getClass().getSimpleName(), wait.toMillis());
            org.apache.camel.CamelContext context = exchange.getContext();
            RERUN_TIMER.schedule(() -> {
                if (context.isStarted()) {
                    try (org.apache.camel.ProducerTemplate producer = context.createProducerTemplate()) {
                        producer.sendBody("direct:" + Names.groupRouteId(group), null); // on this timer thread
                    } catch (Exception failed) {
                        LOG.debug("Re-run of group {} not started", group, failed);
                    }
                }
            }, wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        });
    }

    private static String describe(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
            e = exchange.getException();
        }
        // Camel wraps what is not an Exception (an Error) in its own exceptions, and a sink's failure in the
        // recipient list's: report what was thrown
        while ((e instanceof org.apache.camel.RuntimeCamelException || e instanceof org.apache.camel.CamelExchangeException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private RunSummary record(RunSummary ended) {
        if (history != null) {
            history.append(ended);
        }
        return ended;
    }

    static RunLeases.Lease lease(Exchange exchange) {
        return exchange.getProperty(Names.LEASE_PROPERTY, RunLeases.Lease.class);
    }

    static GroupRun run(Exchange exchange) {
        return exchange.getProperty(Names.RUN_PROPERTY, GroupRun.class);
    }
}
