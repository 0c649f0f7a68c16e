package io.fstore.pipeline;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.fstore.model.FeatureGroup;
import io.fstore.source.Checkpoint;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a run of a group now, on a thread of its own ({@code POST /groups/{group}/runs}). The group's lease is taken
 * here, before the answer, and handed to the run (exchange property {@link Names#LEASE_PROPERTY}, which
 * {@link RunSteps#begin} honours): a request told "started" always gets its run, and one that finds the group held
 * is told so at once; no trigger can slip in between. A run that fails before {@link RunSteps#begin} began it (the
 * group's route was stopped after the request was answered, begin threw) is recorded here as failed, in the run
 * history and the group's state, so the run the answer named is always listed.
 */
public final class RunTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(RunTrigger.class);
    private final RunLeases leases;
    private final Clock clock;
    private final GroupStateStore states;
    private final RunHistoryStore history;
    private ExecutorService threads;
    private ProducerTemplate producer;

    public RunTrigger(RunLeases leases, Clock clock, GroupStateStore states, RunHistoryStore history) {
        this.leases = leases;
        this.clock = clock;
        this.states = states;
        this.history = history;
    }

    /** Starts a run of {@code group}; returns its run id, or empty when a live run holds the group. */
    public Optional<String> start(CamelContext context, FeatureGroup group) {
        Endpoint route = context.getEndpoint("direct:" + Names.groupRouteId(group.name()));
        Exchange run = route.createExchange();
        Optional<RunLeases.Lease> acquired = leases.acquire(group.name(), run.getExchangeId(),
                group.runPolicy().maxRunTime(), clock.instant());
        if (acquired.isEmpty()) {
            return Optional.empty();
        }
        RunLeases.Lease lease = acquired.get();
        run.setProperty(Names.LEASE_PROPERTY, lease);
        try {
            threads(context).execute(() -> {
                try {
                    producer(context).send(route, run);
                    if (run.getException() != null && run.getProperty(Names.RUN_PROPERTY) == null) {
                        // the error policy logged what it caught; a run that never reached the route is logged here
                        notBegun(group.name(), lease, run.getException(),
                                run.getProperty(Exchange.EXCEPTION_CAUGHT) == null);
                    }
                } finally {
                    leases.release(lease); // when the run could not even begin; a no-op after it ended
                }
            });
        } catch (RuntimeException e) {
            leases.release(lease);
            throw e;
        }
        LOG.info("Run {} of group {} started on request", lease.holder(), group.name());
        return Optional.of(lease.holder());
    }

    /** Records the run that failed before it began, while its lease still holds the group. */
    private void notBegun(String group, RunLeases.Lease lease, Exception e, boolean log) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (log) {
            LOG.error("Run {} of group {} could not begin: {}", lease.holder(), group, error);
        }
        Optional<GroupState> before;
        try {
            before = states.load(group);
        } catch (RuntimeException unreadable) {
            before = null; // left as it is for the operator to fix; the history still gets the run
        }
        Optional<RunSummary> last = before == null ? Optional.empty() : before.map(GroupState::lastRun);
        Checkpoint checkpoint = before == null ? null : before.map(GroupState::checkpoint).orElse(null);
        RunSummary failed = new RunSummary(group, "failed", lease.startedAt(), clock.instant(), 0, 0, 0, 0, checkpoint,
                lease.holder(), lease.expiresAt(), error, last.map(RunSummary::newestEventTime).orElse(null),
                last.map(RunSummary::rowsStoredSoFar).orElse(0L));
        history.append(failed);
        // the error policy may have released the lease already: never overwrite the state of a run begun since
        if (before != null && leases.current(group, clock.instant()).map(lease::equals).orElse(true)) {
            try {
                states.save(group, new GroupState(checkpoint, failed));
            } catch (RuntimeException notSaved) {
                LOG.warn("Cannot record the failed run {} of group {} in its state: {}", lease.holder(), group,
                        notSaved.toString());
            }
        }
    }

    private synchronized ExecutorService threads(CamelContext context) {
        if (threads == null) {
            // one thread per running group at most (the lease), idle ones end; Camel shuts it down with the context
            threads = context.getExecutorServiceManager().newCachedThreadPool(this, "fstore-run");
        }
        return threads;
    }

    private synchronized ProducerTemplate producer(CamelContext context) {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}
