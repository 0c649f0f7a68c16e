package io.fstore.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.model.Trigger;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.RunLeases;
import io.fstore.serving.openapi.GroupDetail;
import io.fstore.serving.openapi.GroupSummary;
import io.fstore.serving.openapi.Run;
import io.fstore.source.Checkpoint;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupStatusesTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private final FeatureGroup wide = TestGroups.wide(Optional.of("ts"));
    private final FeatureGroup hourly = new FeatureGroup("a_hourly", "", wide.entity(), wide.source(),
            new Trigger.Every(Duration.ofHours(1)), false, Duration.ofDays(2), wide.features());
    private final RunLeases leases = new RunLeases();
    private GroupStateStore states;
    private RunHistoryStore history;
    private GroupStatuses statuses;
    private Path dir;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        this.dir = dir;
        states = new GroupStateStore(dir);
        history = new RunHistoryStore(dir, 10);
        statuses = new GroupStatuses(new FeatureGroups(List.of(wide, hourly)), states, history, leases,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RunSummary run(String group, String status, int minutesAgo, long stored, Instant newest) {
        Instant start = NOW.minus(Duration.ofMinutes(minutesAgo));
        return new RunSummary(group, status, start, status.equals("running") ? null : start.plusMillis(1500),
                stored + 1, stored, 1, 1, new Checkpoint(Map.of("value", "7", "field", "id")), "run-" + minutesAgo,
                start.plusSeconds(3600), status.equals("failed") ? "SQLException: gone" : null, newest);
    }

    @Test
    void a_group_that_never_ran_has_no_run_rows_or_freshness() {
        GroupSummary summary = statuses.list().groups().get(1);

        assertThat(summary).isEqualTo(new GroupSummary("customer_metrics", "jdbc", "customer", List.of("customer_id"),
                "0 */5 * * * ?", "never_run", null, 0, 0, null, null, null));
        assertThat(statuses.list().groups()).extracting(GroupSummary::name).as("by name")
                .containsExactly("a_hourly", "customer_metrics");
        assertThat(statuses.list().groups().get(0).schedule()).isEqualTo("every PT1H");
    }

    @Test
    void the_last_finished_run_gives_status_rows_and_freshness() {
        Instant newest = NOW.minusSeconds(5400);
        history.append(run(wide.name(), "succeeded", 30, 40, newest));
        history.append(run(wide.name(), "failed", 10, 0, newest));
        states.save(wide.name(), new GroupState(null, run(wide.name(), "failed", 10, 0, newest)));

        GroupSummary summary = statuses.list().groups().get(1);

        assertThat(summary.status()).isEqualTo("failed");
        assertThat(summary.lastRun()).isEqualTo(new Run("run-10", "failed", "2024-05-01T11:50:00Z",
                "2024-05-01T11:50:01.500Z", 1500, 1, 0, 1, 1, "{field=id, value=7}", "SQLException: gone"));
        assertThat(summary.rows()).isZero();
        assertThat(summary.freshnessSeconds()).isEqualTo(5400);
        assertThat(summary.newestEventTime()).isEqualTo("2024-05-01T10:30:00Z");
        GroupDetail detail = statuses.detail(wide, 10);
        assertThat(detail.runs()).extracting(Run::runId).containsExactly("run-10", "run-30");
        assertThat(statuses.detail(wide, 1).runs()).extracting(Run::runId).containsExactly("run-10");
    }

    @Test
    void a_group_whose_lease_is_held_is_running_and_keeps_its_last_finished_run() {
        history.append(run(wide.name(), "succeeded", 30, 40, NOW.minusSeconds(60)));
        // the run going on saved its progress, with a newer event time stored so far
        states.save(wide.name(), new GroupState(null, run(wide.name(), "running", 1, 3, NOW.minusSeconds(20))));
        leases.acquire(wide.name(), "run-1", Duration.ofHours(1), NOW);

        GroupSummary summary = statuses.list().groups().get(1);

        assertThat(summary.status()).isEqualTo("running");
        assertThat(summary.lastRun().runId()).isEqualTo("run-30");
        assertThat(summary.rows()).isEqualTo(40);
        assertThat(summary.rowsTotal()).as("no total recorded: the saved run's rows").isEqualTo(3);
        assertThat(summary.freshnessSeconds()).isEqualTo(20);
        assertThat(statuses.detail(wide, 10).runs()).extracting(Run::runId).as("finished runs only")
                .containsExactly("run-30");
    }

    @Test
    void a_run_that_recorded_its_end_is_not_running_while_it_lets_its_lease_go() {
        history.append(run(wide.name(), "failed", 1, 0, null)); // run-1 ended; it still holds its lease a moment
        leases.acquire(wide.name(), "run-1", Duration.ofHours(1), NOW);

        assertThat(statuses.list().groups().get(1).status()).isEqualTo("failed");
        leases.release(leases.current(wide.name(), NOW).orElseThrow());
        leases.acquire(wide.name(), "run-2", Duration.ofHours(1), NOW);
        assertThat(statuses.list().groups().get(1).status()).as("the next run").isEqualTo("running");
    }

    @Test
    void rows_total_is_the_running_total_the_group_state_carries() {
        RunSummary idle = run(wide.name(), "succeeded", 5, 0, NOW.minusSeconds(60));
        history.append(idle);
        states.save(wide.name(), new GroupState(null, new RunSummary(idle.group(), idle.status(), idle.startedAt(),
                idle.finishedAt(), 0, 0, 0, 0, null, idle.runId(), idle.leaseExpiresAt(), null,
                idle.newestEventTime(), 50L)));

        GroupSummary summary = statuses.list().groups().get(1);

        assertThat(summary.rows()).as("the last run").isZero();
        assertThat(summary.rowsTotal()).isEqualTo(50);
        assertThat(statuses.detail(wide, 10).rowsTotal()).isEqualTo(50);
        assertThat(statuses.list().groups().get(0).rowsTotal()).as("never ran").isZero();
    }

    @Test
    void an_unreadable_state_file_makes_only_its_group_unknown_with_the_file_named() throws Exception {
        history.append(run(wide.name(), "succeeded", 30, 40, NOW.minusSeconds(60)));
        Path file = dir.resolve(wide.name() + ".json");
        java.nio.file.Files.writeString(file, "{\"checkpoint\": ");
        states.save(hourly.name(), new GroupState(null, run(hourly.name(), "succeeded", 9, 7, NOW.minusSeconds(9))));

        List<GroupSummary> groups = statuses.list().groups();

        assertThat(groups.get(1).status()).isEqualTo("unknown");
        assertThat(groups.get(1).error()).contains(file.toString());
        assertThat(groups.get(1).lastRun().runId()).as("the history is still read").isEqualTo("run-30");
        assertThat(groups.get(0).status()).isEqualTo("succeeded");
        assertThat(groups.get(0).error()).isNull();
        assertThat(statuses.detail(wide, 10).status()).isEqualTo("unknown");
        assertThat(statuses.detail(wide, 10).error()).contains(file.toString());
    }

    @Test
    void a_state_file_from_before_the_history_gives_the_last_run() {
        states.save(wide.name(), new GroupState(null, run(wide.name(), "succeeded", 90, 12, NOW.minusSeconds(100))));
        states.save(hourly.name(), new GroupState(null, run(hourly.name(), "running", 90, 12, null)));

        assertThat(statuses.list().groups().get(1).lastRun().runId()).isEqualTo("run-90");
        assertThat(statuses.list().groups().get(1).status()).isEqualTo("succeeded");
        assertThat(statuses.list().groups().get(0).status()).as("a run that died with its process, no lease")
                .isEqualTo("never_run");
        assertThat(statuses.list().groups().get(0).lastRun()).isNull();
    }

    @Test
    void the_detail_summarizes_the_definition() {
        GroupDetail detail = statuses.detail(hourly, 5);

        assertThat(detail.connection()).isEqualTo("warehouse");
        assertThat(detail.ttl()).isEqualTo("PT48H");
        assertThat(statuses.detail(wide, 5).ttl()).as("zero: values never expire").isNull();
        assertThat(detail.features()).extracting(f -> f.name() + ":" + f.type()).containsExactly(
                "lifetime_value:double", "orders:long", "segment:string", "is_vip:bool", "first_order_at:timestamp",
                "balance:decimal");
        assertThat(detail.status()).isEqualTo("never_run");
        assertThat(detail.runs()).isEmpty();
    }
}
