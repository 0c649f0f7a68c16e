package io.fstore.health;

import java.util.Map;
import java.util.Optional;

import io.fstore.runtime.Secrets;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of something FStore reads or writes through (a named connection, the online store): UP while it answers a
 * ping within the timeout, DOWN while it does not (and until its first answer), as {@link BoundedPing} last saw it
 * without waiting for the server, with the reason as the message (on one line, see {@link HealthText}) and in full as
 * the detail {@code error}. Not a liveness check: restarting FStore does not bring a server back. The first call after
 * a change of state logs it (WARN when it goes DOWN, INFO when it is UP again); the wait for the first answer does not.
 */
final class ReachabilityCheck extends AbstractHealthCheck {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReachabilityCheck.class);

    private final String what;
    private final Map<String, String> about;
    private final BoundedPing ping;
    private final Secrets secrets;
    private Boolean wasUp;

    /**
     * @param id    the check's id ({@code connection:<name>}, {@code online-store})
     * @param what  what it checks, for the log ("Connection warehouse")
     * @param about details shown with the check's data (kind, store)
     */
    ReachabilityCheck(String id, String what, Map<String, String> about, BoundedPing ping, Secrets secrets) {
        super("fstore", id);
        this.what = what;
        this.about = about;
        this.ping = ping;
        this.secrets = secrets;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        about.forEach(builder::detail);
        builder.detail("timeout", ping.timeout().toMillis() + "ms");
        BoundedPing.Reading reading = ping.call();
        Optional<String> failure = reading.failure().map(secrets::mask);
        if (failure.isEmpty()) {
            builder.up();
        } else {
            builder.message(HealthText.oneLine(failure.get())).detail("error", failure.get()).down();
        }
        if (reading.answered()) {
            logChange(failure);
        }
    }

    private void logChange(Optional<String> failure) {
        boolean up = failure.isEmpty();
        boolean changed = wasUp == null ? !up : wasUp != up; // the first answer is worth a line only when DOWN
        wasUp = up;
        if (!changed) {
            return;
        }
        if (up) {
            LOG.info("{} answers again", what);
        } else {
            LOG.warn("{} is unreachable: {}", what, failure.get());
        }
    }
}
