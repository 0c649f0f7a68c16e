package io.fstore.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.fstore.runtime.Secrets;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupsCheckTest {

    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2024-05-01T10:00:07.250Z");
    /** What PostgreSQL says about a missing table: quotes and a line break. */
    private static final String ERROR = "PSQLException: ERROR: relation \"orders\" does not exist\n  Position: 15";

    @TempDir
    Path stateDir;

    private static RunSummary run(String group, String status, Instant finished, String error) {
        return new RunSummary(group, status, STARTED, finished, 10, 10, 0, 1, null, "run-1", null, error, null);
    }

    private HealthCheck.Result call(List<String> groups, Secrets secrets) {
        GroupsCheck check = new GroupsCheck(groups, new GroupStateStore(stateDir), secrets);
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }

    @Test
    void every_group_has_its_last_status_finish_time_and_error_and_the_check_stays_up() throws Exception {
        GroupStateStore states = new GroupStateStore(stateDir);
        states.save("daily", new GroupState(null, run("daily", "succeeded", FINISHED, null)));
        states.save("orders", new GroupState(null, run("orders", "failed", FINISHED, ERROR)));
        states.save("hourly", new GroupState(null, run("hourly", "running", null, null)));

        HealthCheck.Result result = call(List.of("daily", "orders", "hourly", "fresh"), Secrets.none());

        assertThat(result.getState()).as("a failed run never takes FStore out").isEqualTo(HealthCheck.State.UP);
        Map<String, Object> details = result.getDetails();
        assertThat(details).containsEntry("group.daily.status", "succeeded")
                .containsEntry("group.daily.finished", "2024-05-01T10:00:07.250Z")
                .containsEntry("group.orders.status", "failed")
                .containsEntry("group.orders.finished", "2024-05-01T10:00:07.250Z")
                .containsEntry("group.hourly.status", "running")
                .containsEntry("group.fresh.status", "never")
                .doesNotContainKeys("group.daily.error", "group.hourly.finished", "group.hourly.error",
                        "group.fresh.finished", "group.fresh.error");
        assertThat(details).as("as it was: Camel escapes details for JSON").containsEntry("group.orders.error", ERROR);
        assertThat(result.getMessage()).hasValue("last runs: 1 failed (orders), 1 never (fresh), 1 running (hourly), "
                + "1 succeeded");
    }

    @Test
    void liveness_and_readiness_both_include_it() {
        GroupsCheck check = new GroupsCheck(List.of(), new GroupStateStore(stateDir), Secrets.none());
        check.setCamelContext(new DefaultCamelContext());

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

        HealthCheck.Result result = call(List.of("broken", "leaky"), Secrets.of(props));

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("group.broken.status", "unknown")
                .containsEntry("group.leaky.error", "SQLException: login failed for password=***");
        assertThat((String) result.getDetails().get("group.broken.error"))
                .startsWith("Cannot read the state of group broken from " + stateDir.resolve("broken.json"));
    }
}
