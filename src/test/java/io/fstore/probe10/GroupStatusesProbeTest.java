package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.fstore.TestGroups;
import io.fstore.model.FeatureGroup;
import io.fstore.model.Trigger;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.RunLeases;
import io.fstore.serving.GroupStatuses;
import io.fstore.serving.openapi.GroupSummary;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probe of issue #10: one group's unreadable state file (a hand edit, a disk error) and GET /groups, which the
 * status page reads for every group. The health check {@code groups} reports such a group as "unknown" and goes on;
 * the runs API should not answer 500 for every group because of one.
 */
class GroupStatusesProbeTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void one_unreadable_state_file_does_not_hide_every_other_group(@TempDir(factory = P10.TempDirs.class) Path dir) throws Exception {
        FeatureGroup wide = TestGroups.wide(Optional.of("ts"));
        FeatureGroup other = new FeatureGroup("a_hourly", "", wide.entity(), wide.source(),
                new Trigger.Every(Duration.ofHours(1)), false, Duration.ZERO, wide.features());
        Files.writeString(dir.resolve(wide.name() + ".json"), "{\"checkpoint\": "); // cut short
        GroupStatuses statuses = new GroupStatuses(new FeatureGroups(List.of(wide, other)), new GroupStateStore(dir),
                new RunHistoryStore(dir, 5), new RunLeases(), Clock.fixed(NOW, ZoneOffset.UTC));

        List<GroupSummary> groups = statuses.list().groups();

        assertThat(groups).extracting(GroupSummary::name).containsExactly("a_hourly", "customer_metrics");
        assertThat(groups.get(0).status()).isEqualTo("never_run");
    }
}
