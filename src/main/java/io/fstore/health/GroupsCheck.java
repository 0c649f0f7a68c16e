package io.fstore.health;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

import io.fstore.runtime.Secrets;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Every group's last run, from its state file: details {@code group.<name>.status} (running, succeeded, failed, or
 * never when it has not run yet), {@code group.<name>.finished} (ISO-8601, when it finished) and
 * {@code group.<name>.error} (why it failed). Always UP, for liveness and readiness alike: a failed run is its group's
 * to report, never a reason to take FStore out of a load balancer or to restart it. The message counts the groups
 * by status and names those whose last run did not succeed.
 */
final class GroupsCheck extends AbstractHealthCheck {

    static final String NEVER = "never";
    private static final String SUCCEEDED = "succeeded";

    private final List<String> groups;
    private final GroupStateStore states;
    private final Secrets secrets;

    GroupsCheck(List<String> groups, GroupStateStore states, Secrets secrets) {
        super("fstore", "groups");
        this.groups = List.copyOf(groups);
        this.states = states;
        this.secrets = secrets;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, List<String>> byStatus = new TreeMap<>();
        for (String group : groups) {
            String key = "group." + group + ".";
            String status;
            try {
                RunSummary last = states.load(group).map(GroupState::lastRun).orElse(null);
                status = last == null ? NEVER : last.status();
                if (last != null && last.finishedAt() != null) {
                    builder.detail(key + "finished", last.finishedAt().toString());
                }
                Optional.ofNullable(last).map(RunSummary::error)
                        .ifPresent(error -> builder.detail(key + "error", secrets.mask(error)));
            } catch (UncheckedIOException unreadable) {
                status = "unknown";
                builder.detail(key + "error", secrets.mask(unreadable.getMessage()));
            }
            builder.detail(key + "status", status);
            byStatus.computeIfAbsent(status, s -> new ArrayList<>()).add(group);
        }
        builder.message(HealthText.oneLine(summary(byStatus))).up();
    }

    /** "last runs: 1 failed (orders), 1 never (fresh), 40 succeeded", or "no groups". */
    static String summary(Map<String, List<String>> byStatus) {
        if (byStatus.isEmpty()) {
            return "no groups";
        }
        StringJoiner out = new StringJoiner(", ", "last runs: ", "");
        byStatus.forEach((status, names) -> out.add(names.size() + " " + status
                + (status.equals(SUCCEEDED) ? "" : " (" + String.join(", ", names) + ")")));
        return out.toString();
    }
}
