package io.fstore.serving;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Names;
import io.fstore.pipeline.RunLeases;
import io.fstore.pipeline.RunTrigger;
import io.fstore.serving.openapi.RunStarted;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ServiceStatus;

/**
 * The runs API's adapter ({@code routes/api/runs.camel.yaml}): {@code GET /groups}, {@code GET /groups/{group}} and
 * {@code POST /groups/{group}/runs}. Reads path and query, refuses what is malformed and answers JSON; failures become
 * JSON errors in {@link ApiErrors}.
 */
public final class RunsApi {

    private final FeatureGroups groups;
    private final GroupStatuses statuses;
    private final RunTrigger trigger;
    private final RunLeases leases;
    private final Clock clock;
    private final int maxRuns;
    private final ObjectMapper json = new ObjectMapper();

    /** @param maxRuns the runs kept per group (fstore.runs.history): the most, and the default, of {@code ?runs=} */
    public RunsApi(FeatureGroups groups, GroupStatuses statuses, RunTrigger trigger, RunLeases leases, Clock clock,
                   int maxRuns) {
        this.groups = groups;
        this.statuses = statuses;
        this.trigger = trigger;
        this.leases = leases;
        this.clock = clock;
        this.maxRuns = maxRuns;
    }

    /** {@code GET /groups}. */
    public String list(Exchange exchange) throws JsonProcessingException {
        RequestText.requirePrintableQuery(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class));
        return json.writeValueAsString(statuses.list());
    }

    /** {@code GET /groups/{group}?runs=N}. */
    public String detail(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        RequestText.requirePrintableQuery(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class));
        FeatureGroup group = group(in);
        return json.writeValueAsString(statuses.detail(group, runs(in.getHeader("runs"))));
    }

    /**
     * {@code POST /groups/{group}/runs}: starts a run now, 409 while one is going, 503 while the group's route is not
     * started (stopped in Hawtio or over JMX): its run could not begin.
     */
    public String start(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        RequestText.requirePrintableQuery(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class));
        FeatureGroup group = group(in);
        String routeId = Names.groupRouteId(group.name());
        ServiceStatus route = exchange.getContext().getRouteController().getRouteStatus(routeId);
        if (route == null || !route.isStarted()) {
            throw new ApiException(503, "route_stopped", "group", "the route " + routeId + " of group '"
                    + group.name() + "' is " + (route == null ? "not there" : route.name().toLowerCase(Locale.ROOT))
                    + "; start it (Hawtio, JMX) and ask again");
        }
        String runId = trigger.start(exchange.getContext(), group).orElseThrow(() -> new ApiException(409,
                "run_in_progress", "group", "a run of group '" + group.name() + "' is in progress"
                        + leases.current(group.name(), clock.instant()).map(lease -> " (run " + lease.holder()
                                + ", started " + lease.startedAt() + ")").orElse("")
                        + "; ask again once it ended (GET /groups/" + group.name() + " shows its status)"));
        return json.writeValueAsString(new RunStarted(group.name(), runId, "started"));
    }

    private FeatureGroup group(Message in) {
        String name = in.getHeader("group", String.class);
        RequestText.requirePrintable(name, "group");
        return groups.find(name).orElseThrow(() -> ApiException.groupNotFound(name, groups));
    }

    /** {@code ?runs=}: a whole number from 1 to fstore.runs.history, once; absent: all that are kept. */
    private int runs(Object raw) {
        if (raw == null) {
            return maxRuns;
        }
        String expected = "a whole number from 1 to " + maxRuns + " (fstore.runs.history)";
        if (raw instanceof List<?>) {
            throw new ApiException(400, "invalid_parameter", "runs", "given more than once; " + expected);
        }
        String text = raw.toString().trim();
        if (text.matches("\\d{1,9}")) {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= maxRuns) {
                return n;
            }
        }
        throw new ApiException(400, "invalid_parameter", "runs", "is '" + RequestText.forLog(text, 40) + "'; "
                + expected);
    }
}
