package io.fstore.sample;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fstore.model.FeatureGroup;
import io.fstore.model.RunPolicy;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Names;
import io.fstore.runtime.GroupRoutesInstaller;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.SourceChunk;
import io.fstore.source.SourceKinds;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * Reads the first rows of groups' sources the way their runs read them: each group's route {@code fg.<group>} made
 * from its kind's template (the same YAML, the same component and adapter), in a Camel context of its own whose
 * chunk route keeps the first chunk and stops the read. Nothing is written: no store is opened, no checkpoint, lease
 * or run is recorded. Only the connections the groups use are opened, and closed with the sampler.
 */
public final class SourceSampler implements AutoCloseable {

    private final CamelContext camel = new DefaultCamelContext();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final Map<String, SourceChunk> firstChunks = new ConcurrentHashMap<>();
    /** How much longer than the source's own timeout the sample waits, so the source's cancel comes first. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final FeatureGroups groups;
    private final Duration timeout;
    private ProducerTemplate producer;


    /**
     * @param routesLocation where the route YAML is (see {@code ConfigFiles.routesLocation}), ending in a slash
     * @param connections    the configured connections by name
     * @param rows           how many records to read per group
     * @param timeout        the longest wait for one group's sample
     */
    public SourceSampler(String routesLocation, Map<String, ConnectionSettings> connections, List<FeatureGroup> groups,
                         int rows, Duration timeout) throws Exception {
        this.groups = new FeatureGroups(groups);
        this.timeout = timeout;
        try {
            camel.disableJMX(); // a sample is not a process to watch, and may run beside FStore
            camel.getCamelContextExtension().setName("fstore-sample");
            camel.setStartupSummaryLevel(org.apache.camel.StartupSummaryLevel.Off);
            // a sample still reading when the sampler closes (a source that never answered) is not waited for long
            camel.getShutdownStrategy().setTimeout(5);
            camel.getShutdownStrategy().setShutdownNowOnTimeout(true);
            camel.getRegistry().bind(Names.RUNS_BEAN, new SampleRuns(this.groups, Clock.systemUTC()));
            camel.getRegistry().bind(Names.SOURCES_BEAN, new SampleSources(this.groups));
            java.util.Properties placeholders = new java.util.Properties();
            for (String name : groups.stream().map(g -> g.source().connection()).distinct().toList()) {
                ConnectionSettings c = connections.get(name);
                AutoCloseable connection = SourceKinds.get(c.kind()).open(c, timeout.plus(GRACE));
                opened.push(connection);
                camel.getRegistry().bind(name, connection);
                placeholders.putAll(c.placeholders());
            }
            camel.getPropertiesComponent().setInitialProperties(placeholders);
            camel.addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    // the templates name it; no retry for a sample, no log (the command reports the failure)
                    routeConfiguration("fstore-pipeline-errors").errorHandler(defaultErrorHandler().logExhausted(false)
                            .logStackTrace(false).logRetryAttempted(false));
                }
            });
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:fstore.chunk").routeId("fstore.sample").errorHandler(noErrorHandler())
                            .process(SourceSampler.this::keepFirst);
                }
            });
            for (String template : groups.stream().map(g -> SourceKinds.get(g.source().kind()).templateId())
                    .distinct().toList()) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel)
                        .resolveResource(routesLocation + "templates/" + template + ".camel.yaml"));
            }
            for (FeatureGroup g : groups) {
                GroupRoutesInstaller.installSource(camel, bounded(g, timeout), rows);
            }
            camel.start();
            producer = camel.createProducerTemplate();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * The group with its source timeout at most {@code most}: the server cancels a sampled query that outlives the
     * sample (a query whose client merely left would run on for the group's own timeout, 10 minutes by default).
     */
    static FeatureGroup bounded(FeatureGroup g, Duration most) {
        RunPolicy p = g.runPolicy();
        if (p.sourceTimeout().compareTo(most) <= 0) {
            return g;
        }
        return new FeatureGroup(g.name(), g.description(), g.entity(), g.source(), g.trigger(), g.runOnStart(),
                g.ttl(), g.features(), new RunPolicy(p.maxRunTime(), most, p.maxQuarantineRatio(),
                p.tolerateQuarantined()), g.owner(), g.tags());
    }

    /** Keeps the run's chunk: {@link SampleSources} gives only the first, then the template closes the cursor. */
    private void keepFirst(Exchange exchange) {
        firstChunks.putIfAbsent(exchange.getProperty(Names.GROUP_PROPERTY, String.class),
                exchange.getMessage().getBody(SourceChunk.class));
    }

    /** Reads the group's first rows; a failure or a source that does not answer in time is the sample's failure. */
    public SourceSample sample(String groupName) {
        FeatureGroup group = groups.get(groupName);
        firstChunks.remove(groupName);
        Future<Exchange> reply = producer.asyncSend("direct:" + Names.groupRouteId(groupName), e -> {
        });
        Exchange done;
        long start = System.nanoTime();
        try {
            done = reply.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            return SourceSample.failed(group, "the source gave no rows within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SourceSample.failed(group, "interrupted");
        } catch (ExecutionException e) {
            return SourceSample.failed(group, describe(e.getCause()));
        }
        if (done.getException() != null) {
            String why = describe(done.getException());
            boolean timedOut = System.nanoTime() - start >= timeout.toNanos(); // the source's own cancel
            return SourceSample.failed(group, timedOut ? "the source gave no rows within " + timeout.toSeconds()
                    + " s (" + why + ")" : why);
        }
        SourceChunk chunk = firstChunks.get(groupName);
        if (chunk == null) {
            return new SourceSample(group, List.of(), new NormalizedChunk(group, List.of(), List.of(), 0, null),
                    Optional.empty());
        }
        NormalizedChunk normalized;
        try {
            normalized = chunk.normalized() != null ? chunk.normalized()
                    : groups.normalizer(groupName).normalize(chunk.records(), chunk.position());
        } catch (RuntimeException | StackOverflowError e) { // this group's failure, not the end of a check of many
            return SourceSample.failed(group, "cannot normalize its rows: " + describe(e));
        }
        return new SourceSample(group, chunk.records(), normalized, Optional.empty());
    }

    /** The failure's own message and its root cause's, which is usually the server's reason. */
    static String describe(Throwable error) {
        Throwable root = io.fstore.source.Causes.root(error);
        String top = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (root == error || root.getMessage() == null || top.contains(root.getMessage())) {
            return top;
        }
        return top + ": " + root.getMessage();
    }

    @Override
    public void close() {
        try {
            camel.close();
        } catch (Exception e) {
            // closing what is left is best effort
        }
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
