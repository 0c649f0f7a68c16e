package io.fstore.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import io.fstore.model.FeatureGroup;
import io.fstore.runtime.Secrets;
import io.fstore.serving.GroupStatuses;
import io.fstore.serving.openapi.GroupDetail;
import io.fstore.serving.openapi.Run;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Every group's status as the runs API tells it ({@link GroupStatuses}: running while a run holds its lease, else the
 * status of its last finished run, never_run before the first): details {@code group.<name>.status},
 * {@code group.<name>.finished} (ISO-8601, when its last run finished) and {@code group.<name>.error} (why it failed),
 * the last two not while it runs. Always UP, for liveness and readiness alike: a failed run is its group's to report,
 * never a reason to take FStore out of a load balancer or to restart it. A group whose state cannot be read reads as
 * unknown, with the reason. The message counts the groups by status and names those whose last run did not succeed.
 */
final class GroupsCheck extends AbstractHealthCheck {

    static final String UNKNOWN = "unknown";
    private static final String SUCCEEDED = "succeeded";
    private static final String RUNNING = "running";

    private final List<FeatureGroup> groups;
    private final GroupStatuses statuses;
    private final Secrets secrets;

    GroupsCheck(List<FeatureGroup> groups, GroupStatuses statuses, Secrets secrets) {
        super("fstore", "groups");
        this.groups = List.copyOf(groups);
        this.statuses = statuses;
        this.secrets = secrets;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, List<String>> byStatus = new TreeMap<>();
        for (FeatureGroup group : groups) {
            String key = "group." + group.name() + ".";
            GroupDetail detail = statuses.detail(group, 1);
            String status = detail.status();
            if (detail.error() != null) { // its state file cannot be read: status unknown
                builder.detail(key + "error", secrets.mask(detail.error()));
            } else if (!RUNNING.equals(status) && !detail.runs().isEmpty()) {
                Run last = detail.runs().get(0);
                if (last.finishedAt() != null) {
                    builder.detail(key + "finished", last.finishedAt());
                }
                if (last.error() != null) {
                    builder.detail(key + "error", secrets.mask(last.error()));
                }
            }
            builder.detail(key + "status", status);
            byStatus.computeIfAbsent(status, s -> new ArrayList<>()).add(group.name());
        }
        builder.message(HealthText.oneLine(summary(byStatus))).up();
    }

    /** "last runs: 1 failed (orders), 1 never_run (fresh), 40 succeeded", or "no groups". */
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
