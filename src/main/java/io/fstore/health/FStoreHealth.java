package io.fstore.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.fstore.model.FeatureGroup;
import io.fstore.runtime.FStoreSettings;
import io.fstore.runtime.Secrets;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.GroupStateStore;
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
 *   <li>{@code groups}, liveness and readiness, always UP: each group's last run in its details.</li>
 * </ul>
 * Every text a check reports has the configuration's secrets masked; messages are on one line (see
 * {@link HealthText}), details hold the full text.
 */
public final class FStoreHealth implements HealthCheckRepository, CamelContextAware {

    public static final String BEAN = "fstoreHealth";

    private final List<AbstractHealthCheck> checks;
    private CamelContext context;
    private boolean enabled = true;

    FStoreHealth(List<AbstractHealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * The checks of one FStore process.
     *
     * @param connections every named connection as its kind opened it, by name
     */
    public static FStoreHealth of(FStoreSettings settings, Properties props, Map<String, AutoCloseable> connections,
                                  OnlineStore onlineStore, GroupStateStore states, List<FeatureGroup> groups) {
        Secrets secrets = Secrets.of(props);
        List<AbstractHealthCheck> checks = new ArrayList<>();
        connections.forEach((name, connection) -> {
            ConnectionSettings c = settings.connections().get(name);
            SourceKind kind = SourceKinds.get(c.kind());
            checks.add(new ReachabilityCheck("connection:" + name, "Connection " + name, Map.of("kind", c.kind()),
                    new BoundedPing(timeout -> kind.ping(connection, timeout), settings.healthTimeout()), secrets));
        });
        checks.add(new ReachabilityCheck("online-store", "The online store", Map.of("store", onlineStore.describe()),
                new BoundedPing(onlineStore::ping, settings.healthTimeout()), secrets));
        checks.add(new GroupsCheck(groups.stream().map(FeatureGroup::name).toList(), states, secrets));
        return new FStoreHealth(checks);
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
