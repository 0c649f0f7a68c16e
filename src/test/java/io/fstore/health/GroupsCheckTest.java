package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.RunLeases;
import io.fstore.runtime.Secrets;
import io.fstore.serving.GroupStatuses;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupsCheckTest {

    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2024-05-01T10:00:07.250Z");
    private static final Instant EARLIER = Instant.parse("2024-05-01T09:00:03Z");
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    /** What PostgreSQL says about a missing table: quotes and a line break. */
    private static final String ERROR = "PSQLException: ERROR: relation \"orders\" does not exist\n  Position: 15";

    @TempDir
    Path stateDir;
    private final RunLeases leases = new RunLeases();

    private static RunSummary run(String group, String status, Instant finished, String error) {
        return new RunSummary(group, status, STARTED, finished, 10, 10, 0, 1, null, "run-1", null, error, null);
    }

    private static List<FeatureGroup> groups(String... names) {
        FeatureGroup template = TestGroups.wide(Optional.empty());
        return Arrays.stream(names).map(name -> new FeatureGroup(name, "", template.entity(), template.source(),
                template.trigger(), false, Duration.ZERO, template.features())).toList();
    }

    private GroupsCheck check(List<FeatureGroup> groups, Secrets secrets) {
        GroupStatuses statuses = new GroupStatuses(new FeatureGroups(groups), new GroupStateStore(stateDir),
                new RunHistoryStore(stateDir, 5), leases, Clock.fixed(NOW, ZoneOffset.UTC));
        GroupsCheck check = new GroupsCheck(groups, statuses, secrets);
        check.setCamelContext(new DefaultCamelContext());
        return check;
    }

    @Test
    void every_group_has_the_status_of_the_runs_api_its_last_finish_time_and_error_and_the_check_stays_up() {
        GroupStateStore states = new GroupStateStore(stateDir);
        RunHistoryStore history = new RunHistoryStore(stateDir, 5);
        history.append(run("daily", "succeeded", FINISHED, null));
        states.save("daily", new GroupState(null, run("daily", "succeeded", FINISHED, null)));
        // a data directory from before the run history: the state file has the last run
        states.save("orders", new GroupState(null, run("orders", "failed", FINISHED, ERROR)));
        // killed mid-run: the state file says running, nothing holds the group, the history has the run before
        history.append(run("crashed", "succeeded", EARLIER, null));
        states.save("crashed", new GroupState(null, run("crashed", "running", null, null)));
        // running now: its lease is held
        history.append(run("hourly", "failed", EARLIER, ERROR));
        states.save("hourly", new GroupState(null, run("hourly", "running", null, null)));
        assertThat(leases.acquire("hourly", "run-2", Duration.ofHours(1), NOW)).isPresent();

        HealthCheck.Result result = check(groups("daily", "orders", "crashed", "hourly", "fresh"), Secrets.none())
                .call();

        assertThat(result.getState()).as("a failed run never takes FStore out").isEqualTo(HealthCheck.State.UP);
        Map<String, Object> details = result.getDetails();
        assertThat(details).containsEntry("group.daily.status", "succeeded")
                .containsEntry("group.daily.finished", "2024-05-01T10:00:07.250Z")
                .containsEntry("group.orders.status", "failed")
                .containsEntry("group.orders.finished", "2024-05-01T10:00:07.250Z")
                .containsEntry("group.crashed.status", "succeeded")
                .containsEntry("group.crashed.finished", "2024-05-01T09:00:03Z")
                .containsEntry("group.hourly.status", "running")
                .containsEntry("group.fresh.status", "never_run")
                .doesNotContainKeys("group.daily.error", "group.crashed.error", "group.hourly.finished",
                        "group.hourly.error", "group.fresh.finished", "group.fresh.error");
        assertThat(details).as("as it was: Camel escapes details for JSON").containsEntry("group.orders.error", ERROR);
        assertThat(result.getMessage()).hasValue("last runs: 1 failed (orders), 1 never_run (fresh), 1 running "
                + "(hourly), 2 succeeded");
    }

    @Test
    void liveness_and_readiness_both_include_it() {
        GroupsCheck check = check(List.of(), Secrets.none());

        assertThat(check.isLiveness()).isTrue();
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.call().getMessage()).hasValue("no groups");
        assertThat(check.getId()).isEqualTo("groups");
    }

    @Test
    void an_unreadable_state_file_reads_as_unknown_with_the_reason_and_secrets_are_masked() throws Exception {
        Files.writeString(stateDir.resolve("broken.json"), "{ not json");
        GroupStateStore states = new GroupStateStore(stateDir);
        states.save("leaky", new GroupState(null, run("leaky", "failed", FINISHED,
                "SQLException: login failed for password=Hunter2Pw")));
        Properties props = new Properties();
        props.setProperty("fstore.connection.dw.password", "Hunter2Pw");

        HealthCheck.Result result = check(groups("broken", "leaky"), Secrets.of(props)).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("group.broken.status", "unknown")
                .containsEntry("group.leaky.error", "SQLException: login failed for password=***");
        assertThat((String) result.getDetails().get("group.broken.error"))
                .startsWith("Cannot read the state of group broken from " + stateDir.resolve("broken.json"));
    }
}
