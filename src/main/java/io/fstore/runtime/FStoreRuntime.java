package io.fstore.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.UnaryOperator;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.demo.DemoWarehouse;
import io.fstore.health.FStoreHealth;
import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Names;
import io.fstore.pipeline.Quarantine;
import io.fstore.pipeline.Readiness;
import io.fstore.serving.ApiErrors;
import io.fstore.serving.OnlineApi;
import io.fstore.serving.OnlineLookup;
import io.fstore.serving.openapi.AnyValueSchema;
import io.fstore.source.GroupStateStore;
import io.fstore.store.offline.ParquetOfflineStore;
import io.fstore.store.online.OnlineStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * One FStore process: validated settings and groups, the stores and datasources they need, and a Camel Main that
 * loads the YAML routes and instantiates one set of templated routes per group. The CLI and the tests both boot
 * FStore through this class, so tests run exactly what users run.
 */
public final class FStoreRuntime implements AutoCloseable {

    static {
        // SQL timestamps without a zone are read and bound as UTC wall-clock times (see Timestamps).
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FStoreRuntime.class);
    private final Main main = new Main();
    /** The sinks of every chunk when application.properties does not say (one written before 0.2). */
    static final String DEFAULT_SINKS = "direct:sink.offline,direct:sink.online";
    /** Redelivery of retriable failures when application.properties does not say (see routes/errors.camel.yaml). */
    static final Map<String, String> RETRY_DEFAULTS = Map.of("fstore.retry.max-redeliveries", "3",
            "fstore.retry.delay", "1000", "fstore.retry.backoff-multiplier", "2", "fstore.retry.max-delay", "30000");
    private final Map<String, HikariDataSource> datasources;
    private final Map<String, AutoCloseable> connections;
    private final OnlineStore onlineStore;
    private final DataDirLock dataDirLock;
    private final io.fstore.store.offline.OfflineStore offlineStore;
    private final Readiness readiness;
    private final FStoreHealth health;
    private final java.time.Instant startedAt = java.time.Instant.now();

    public FStoreRuntime(Path workDir, Properties props, FStoreSettings settings, List<FeatureGroup> groupList) {
        this(workDir, props, settings, groupList, UnaryOperator.identity());
    }

    /**
     * @param decorateOnlineStore wraps the configured online store (tests inject failures through it; identity in
     *                            production)
     * @throws DataDirLock.DataDirInUseException when another FStore process uses the data directory
     */
    public FStoreRuntime(Path workDir, Properties props, FStoreSettings settings, List<FeatureGroup> groupList,
                         UnaryOperator<OnlineStore> decorateOnlineStore) {
        this.dataDirLock = DataDirLock.acquire(settings.dataDir());
        java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>();
        try {
            FeatureGroups groups = new FeatureGroups(groupList);
            // every connection, opened by its kind and bound under its name for the kind's endpoint
            this.connections = new java.util.LinkedHashMap<>();
            this.datasources = new java.util.LinkedHashMap<>();
            for (io.fstore.source.ConnectionSettings c : settings.connections().values()) {
                java.time.Duration longest = groupList.stream().filter(g -> c.name().equals(g.source().connection()))
                        .map(g -> g.runPolicy().sourceTimeout()).max(java.time.Duration::compareTo)
                        .orElse(io.fstore.model.RunPolicy.DEFAULT.sourceTimeout());
                AutoCloseable connection = io.fstore.source.SourceKinds.get(c.kind()).open(c, longest);
                opened.push(connection);
                connections.put(c.name(), connection);
                // a JDBC pool also serves the demo seed and the postgres online store
                pool(connection).ifPresent(pool -> datasources.put(c.name(), pool));
            }
            if (settings.demoSeed() && datasources.containsKey(DemoWarehouse.DATASOURCE)) {
                DemoWarehouse.seedIfEmpty(datasources.get(DemoWarehouse.DATASOURCE));
            }
            Path data = settings.dataDir();
            Clock clock = Clock.systemUTC();
            // Camel's Prometheus support takes this registry (MicrometerConstants.METRICS_REGISTRY_NAME) for its meters
            // too; MeterNaming keeps the whole scrape lint-clean
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters =
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            meters.config().meterFilter(new io.fstore.observe.MeterNaming());
            main.bind(org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME, meters);
            io.fstore.observe.HttpMetrics httpMetrics = new io.fstore.observe.HttpMetrics(meters);
            main.bind("fstoreHttpMetrics", httpMetrics);
            this.onlineStore = new io.fstore.observe.MeteredOnlineStore(
                    decorateOnlineStore.apply(OnlineStores.open(settings, datasources, groupList)),
                    settings.onlineType(), meters);
            opened.push(onlineStore);

            Properties camelProps = new Properties();
            camelProps.putAll(props);
            camelProps.putIfAbsent("camel.main.routes-include-pattern", ConfigFiles.routesIncludePattern(workDir));
            main.setOverrideProperties(camelProps);

            connections.forEach(main::bind);
            // connection settings as their kinds completed them, for templates' placeholders (never secrets)
            settings.connections().values().forEach(c -> camelProps.putAll(c.placeholders()));
            camelProps.putIfAbsent("fstore.pipeline.sinks", DEFAULT_SINKS);
            // a direct: endpoint nobody reads (a sink misnamed in fstore.pipeline.sinks) fails at once, not after 30 s
            camelProps.putIfAbsent("camel.component.direct.block", "false");
            RETRY_DEFAULTS.forEach(camelProps::putIfAbsent);
            io.fstore.runtime.http.FStoreHttpServerFactory.bindInto(main, settings.http());
            this.offlineStore = new ParquetOfflineStore(data.resolve("offline"), settings.offlineCompression());
            opened.push(offlineStore);
            GroupStateStore states = new GroupStateStore(data.resolve("state"));
            this.readiness = new Readiness(groupList.stream().filter(g -> warmsUp(g, states))
                    .map(FeatureGroup::name).toList());
            main.bind(Names.READINESS_BEAN, readiness);
            io.fstore.pipeline.RunLeases leases = new io.fstore.pipeline.RunLeases();
            io.fstore.source.RunHistoryStore history = new io.fstore.source.RunHistoryStore(data.resolve("state"),
                    settings.runHistory());
            io.fstore.serving.GroupStatuses statuses = new io.fstore.serving.GroupStatuses(groups, states, history,
                    leases, clock);
            this.health = FStoreHealth.of(settings, props, connections, onlineStore, statuses, groupList);
            opened.push(health);
            main.bind(FStoreHealth.BEAN, health);
            io.fstore.observe.PipelineMetrics metrics = new io.fstore.observe.PipelineMetrics(meters, clock);
            groupList.forEach(g -> registerMeters(metrics, g.name(), groups, states, history));
            io.fstore.pipeline.ProgressLog progress = new io.fstore.pipeline.ProgressLog(settings.progressRows(),
                    settings.progressInterval(), clock);
            io.fstore.pipeline.Retriable retriable = new io.fstore.pipeline.Retriable(io.fstore.source.SourceKinds.all());
            main.bind(Names.RUNS_BEAN, new io.fstore.pipeline.RunSteps(groups, states, leases, clock, readiness,
                    new io.fstore.pipeline.BrokenStreamReruns(retriable,
                            Integer.parseInt(camelProps.getProperty("fstore.retry.max-redeliveries").trim()),
                            java.time.Duration.ofMillis(Long.parseLong(camelProps.getProperty("fstore.retry.delay").trim())),
                            Double.parseDouble(camelProps.getProperty("fstore.retry.backoff-multiplier").trim()),
                            java.time.Duration.ofMillis(Long.parseLong(camelProps.getProperty("fstore.retry.max-delay").trim()))),
                    history, metrics, progress));
            main.bind(Names.RETRIABLE_BEAN, retriable);
            main.bind(Names.SOURCES_BEAN, new io.fstore.pipeline.SourceSteps(groups));
            main.bind(Names.PIPELINE_BEAN, new io.fstore.pipeline.ChunkSteps(groups, states,
                    new Quarantine(data.resolve("quarantine")), offlineStore, onlineStore, clock, leases, metrics, progress));
            OnlineApi api = new OnlineApi(new OnlineLookup(groups, onlineStore, clock, settings.maxEntitiesPerRequest(),
                    settings.maxValuesPerRequest(), readiness), groups, settings.maxRequestBytes());
            main.bind(Names.API_BEAN, api);
            // the request path calls the API through plain Processors: no reflective bean invocation per request
            main.bind(Names.API_ONE_PROCESSOR, (Processor) exchange -> exchange.getMessage().setBody(api.one(exchange)));
            main.bind(Names.API_MANY_PROCESSOR, (Processor) exchange -> exchange.getMessage().setBody(api.many(exchange)));
            main.bind(Names.API_BATCH_PROCESSOR, (Processor) exchange -> exchange.getMessage().setBody(api.batch(exchange)));
            ApiErrors apiErrors = new ApiErrors();
            main.bind(Names.API_ERROR_PROCESSOR, apiErrors);
            if (settings.directReads()) {
                main.bind("fstoreDirectReads", new io.fstore.runtime.http.DirectReads(api, apiErrors, httpMetrics));
            }
            main.bind(Names.STATUS_PAGE_PROCESSOR, new io.fstore.serving.StatusPage());
            bindRunsApi(new io.fstore.serving.RunsApi(groups, statuses,
                    new io.fstore.pipeline.RunTrigger(leases, clock, states, history), leases, clock, history.keep()));
            AnyValueSchema.install(); // the OpenAPI document's feature values: number, string, boolean or null
            io.fstore.serving.openapi.NullableModelSchema.install(); // a model or null (a group's lastRun)
            LOG.info("Online store: {}", onlineStore.describe());
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport m) {
                    GroupRoutesInstaller.install(m.getCamelContext(), groups, settings);
                }

                @Override
                public void afterStart(BaseMainSupport m) {
                    health.start();
                    // the first call of the checks loads what they need (hundreds of ms): not on a health request,
                    // which the management server serves one at a time with Jolokia and metrics
                    org.apache.camel.health.HealthCheckHelper.invoke(m.getCamelContext());
                    warnOfSinksWithoutRoute(m.getCamelContext(), camelProps.getProperty("fstore.pipeline.sinks"));
                    readiness.onAllReady(() -> LOG.info("FStore ready in {} ms: API on http://{}:{}, feature groups: {}",
                            java.time.Duration.between(startedAt, java.time.Instant.now()).toMillis(),
                            props.getProperty("camel.server.host", "0.0.0.0"),
                            props.getProperty("camel.server.port", "8080"),
                            String.join(", ", groupList.stream().map(FeatureGroup::name).toList())));
                }

                @Override
                public void beforeStop(BaseMainSupport m) {
                    health.stop(); // no ping after Camel stopped, none left running
                }
            });
        } catch (RuntimeException | Error e) {
            // a failed start leaves nothing open: stores, pools and the data directory are free for the next try
            for (AutoCloseable resource : opened) {
                try {
                    resource.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            dataDirLock.close();
            throw e;
        }
    }

    /** The runs API (routes/api/runs.camel.yaml) through plain Processors, like the serving API. */
    private void bindRunsApi(io.fstore.serving.RunsApi runs) {
        main.bind(Names.API_GROUPS_PROCESSOR, (Processor) e -> e.getMessage().setBody(runs.list(e)));
        main.bind(Names.API_GROUP_PROCESSOR, (Processor) e -> e.getMessage().setBody(runs.detail(e)));
        main.bind(Names.API_GROUP_RUNS_PROCESSOR, (Processor) e -> e.getMessage().setBody(runs.start(e)));
    }

    /**
     * Every sink of fstore.pipeline.sinks should be a route's input: one that is not fails every chunk at once
     * (camel.component.direct.block=false: "No consumers available on endpoint"), and this line says why.
     */
    private static void warnOfSinksWithoutRoute(CamelContext context, String sinks) {
        for (String sink : sinks.split(",")) {
            String uri = sink.trim().replace("direct:", "direct://");
            if (context.getRoutes().stream().noneMatch(r -> r.getEndpoint().getEndpointUri().equals(uri))) {
                LOG.error("fstore.pipeline.sinks names {}, which no route reads: every run will fail until a route "
                        + "under routes/pipeline/ reads it or the property names only sink routes", sink.trim());
            }
        }
    }

    private static java.util.Optional<HikariDataSource> pool(Object connection) {
        try {
            return connection instanceof javax.sql.DataSource ds && ds.isWrapperFor(HikariDataSource.class)
                    ? java.util.Optional.of(ds.unwrap(HikariDataSource.class)) : java.util.Optional.empty();
        } catch (java.sql.SQLException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A group's meters, with what earlier processes left: the last successful run (from the run history: the state
     * file holds only the last run, which may have failed), the newest event time and the checkpoint's time.
     */
    private static void registerMeters(io.fstore.observe.PipelineMetrics metrics, String group, FeatureGroups groups,
                                       GroupStateStore states, io.fstore.source.RunHistoryStore history) {
        java.util.Optional<io.fstore.source.GroupState> state = states.load(group);
        java.util.Optional<io.fstore.source.RunSummary> last = state.map(io.fstore.source.GroupState::lastRun);
        java.time.Instant lastSuccess = java.util.stream.Stream.concat(last.stream(),
                        history.recent(group, history.keep()).stream())
                .filter(r -> "succeeded".equals(r.status()) && r.finishedAt() != null)
                .map(io.fstore.source.RunSummary::finishedAt).max(java.time.Instant::compareTo).orElse(null);
        io.fstore.source.SourceAdapter adapter = groups.adapter(group);
        metrics.register(group, lastSuccess, last.map(io.fstore.source.RunSummary::newestEventTime).orElse(null),
                adapter.tracker(adapter.resumeFrom(state.map(io.fstore.source.GroupState::checkpoint)))
                        .currentTime().orElse(null));
    }

    /** Groups that run at start and have no finished run from an earlier process wait for it before serving. */
    private static boolean warmsUp(FeatureGroup group, GroupStateStore states) {
        boolean finishedBefore = states.load(group.name())
                .map(state -> state.lastRun() != null && !"running".equals(state.lastRun().status())).orElse(false);
        return group.runOnStart() && !finishedBefore;
    }

    /** Starts and returns at once (tests, embedding). */
    public void start() throws Exception {
        main.start();
    }

    /** Starts and blocks until the JVM is asked to stop. */
    public void run(String[] args) throws Exception {
        main.run(args);
    }

    /** The online store this process writes and serves (tests clean shared servers through it). */
    public OnlineStore onlineStore() {
        return onlineStore;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            try {
                health.stop();
                onlineStore.close();
                offlineStore.close();
                for (AutoCloseable c : connections.values()) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        LOG.warn("Closing a connection failed: {}", e.toString());
                    }
                }
            } finally {
                dataDirLock.close();
            }
        }
    }
}
