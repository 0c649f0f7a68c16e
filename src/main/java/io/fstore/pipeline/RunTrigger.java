package io.fstore.pipeline;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.fstore.model.FeatureGroup;
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
 * is told so at once; no trigger can slip in between.
 */
public final class RunTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(RunTrigger.class);
    private final RunLeases leases;
    private final Clock clock;
    private ExecutorService threads;
    private ProducerTemplate producer;

    public RunTrigger(RunLeases leases, Clock clock) {
        this.leases = leases;
        this.clock = clock;
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
