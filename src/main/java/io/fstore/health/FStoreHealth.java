package io.fstore.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fstore.model.FeatureGroup;
import io.fstore.runtime.FStoreSettings;
import io.fstore.runtime.Secrets;
import io.fstore.source.ConnectionSettings;
import io.fstore.serving.GroupStatuses;
import io.fstore.source.SourceKind;
import io.fstore.source.SourceKinds;
import io.fstore.store.online.OnlineStore;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * FStore's health checks, served by Camel's management server under {@code /observe/health} next to Camel's own
 * (context, routes, consumers). Bound in the registry, Camel Main registers it with the HealthCheckRegistry.
 * <ul>
 *   <li>{@code connection:<name>} per named connection, readiness: DOWN while its server does not answer its kind's
 *       {@link SourceKind#ping} within {@code fstore.health.timeout};</li>
 *   <li>{@code online-store}, readiness: DOWN while {@link OnlineStore#ping} does not answer in time;</li>
 *   <li>{@code groups}, liveness and readiness, always UP: each group's status as the runs API tells it.</li>
 * </ul>
 * The pings run in the background ({@link BoundedPing}): when a check is asked for an answer older than
 * {@link #INTERVAL}, and every {@link #BACKGROUND_INTERVAL} from {@link #start()} to {@link #stop()} so a server that
 * goes away is logged even when nobody polls (a jdbc ping is a login: a server polled by nobody sees one login per
 * connection every 15 s, not every second). A health request answers at once with the last answer, so it never holds up the management server (Jolokia, metrics) behind a server that hangs. Every text a
 * check reports has the configuration's secrets masked; messages are on one line (see {@link HealthText}), details
 * hold the full text.
 */
public final class FStoreHealth implements HealthCheckRepository, CamelContextAware, AutoCloseable {

    public static final String BEAN = "fstoreHealth";
    /** How old a ping's answer may get before the next ping starts. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How often every check is pinged when nobody asks. */
    public static final Duration BACKGROUND_INTERVAL = Duration.ofSeconds(15);

    private final List<AbstractHealthCheck> checks;
    private final List<BoundedPing> pings;
    /** A thread per ping in flight (a ping may hang), none kept idle more than a minute. */
    private final ExecutorService runner;
    private ScheduledExecutorService schedule;
    private CamelContext context;
    private boolean enabled = true;

    FStoreHealth(List<AbstractHealthCheck> checks, List<BoundedPing> pings, ExecutorService runner) {
        this.checks = List.copyOf(checks);
        this.pings = List.copyOf(pings);
        this.runner = runner;
    }

    /**
     * The checks of one FStore process.
     *
     * @param connections every named connection as its kind opened it, by name
     */
    public static FStoreHealth of(FStoreSettings settings, Properties props, Map<String, AutoCloseable> connections,
                                  OnlineStore onlineStore, GroupStatuses statuses, List<FeatureGroup> groups) {
        Secrets secrets = Secrets.of(props);
        ExecutorService runner = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("fstore-health-ping"));
        List<AbstractHealthCheck> checks = new ArrayList<>();
        List<BoundedPing> pings = new ArrayList<>();
        connections.forEach((name, connection) -> {
            ConnectionSettings c = settings.connections().get(name);
            SourceKind kind = SourceKinds.get(c.kind());
            BoundedPing ping = new BoundedPing(timeout -> kind.ping(connection, timeout), settings.healthTimeout(),
                    INTERVAL, runner);
            pings.add(ping);
            checks.add(new ReachabilityCheck("connection:" + name, "Connection " + name, Map.of("kind", c.kind()),
                    ping, secrets));
        });
        BoundedPing store = new BoundedPing(onlineStore::ping, settings.healthTimeout(), INTERVAL, runner);
        pings.add(store);
        checks.add(new ReachabilityCheck("online-store", "The online store", Map.of("store", onlineStore.describe()),
                store, secrets));
        checks.add(new GroupsCheck(groups, statuses, secrets));
        return new FStoreHealth(checks, pings, runner);
    }

    private static ThreadFactory daemons(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Pings every {@link #BACKGROUND_INTERVAL} from now on (when Camel has started). */
    public synchronized void start() {
        if (schedule == null && !runner.isShutdown()) {
            schedule = Executors.newSingleThreadScheduledExecutor(daemons("fstore-health"));
            schedule.scheduleWithFixedDelay(() -> pings.forEach(BoundedPing::refresh), 0,
                    BACKGROUND_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the pings for good, those in flight interrupted (when Camel stops). The checks keep their last answer. */
    public synchronized void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
        runner.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String getId() {
        return "fstore-health-check-repository";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        return enabled ? checks.stream().map(HealthCheck.class::cast) : Stream.empty();
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** The checks need the context (Camel's registry sets their initial state). */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
        checks.forEach(check -> check.setCamelContext(camelContext));
    }
}
