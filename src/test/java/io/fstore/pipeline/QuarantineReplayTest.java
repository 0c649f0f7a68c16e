package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.store.offline.OfflineRows;
import io.fstore.store.offline.ParquetOfflineStore;
import io.fstore.store.online.EmbeddedOnlineStore;
import io.fstore.store.online.StoredValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineReplayTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    private static FeatureGroup group(String featureName) {
        return new FeatureGroup("spend", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "pg", "SELECT 1", "ts", Optional.empty()), new Trigger.Cron("0 0 0 * * ?"),
                false, Duration.ZERO, List.of(Feature.of(featureName, ValueType.DOUBLE)));
    }

    private static Map<String, Object> row(String customer, double amount, int minute) {
        Map<String, Object> row = new HashMap<>();
        row.put("customer_id", customer);
        row.put("amount", amount);
        row.put("ts", java.sql.Timestamp.from(T.plusSeconds(60L * minute)));
        return row;
    }

    @Test
    void rows_quarantined_under_a_wrong_definition_reach_both_stores_once_the_definition_is_fixed(@TempDir Path dir) {
        Path quarantineDir = dir.resolve("quarantine");
        List<Map<String, Object>> source = List.of(row("c1", 1.5, 1), row("c2", 2.5, 2), row("c1", 3.5, 3));
        Map<String, Object> keyless = row("x", 9.0, 4);
        keyless.put("customer_id", null);
        List<Map<String, Object>> all = new java.util.ArrayList<>(source);
        all.add(keyless);
        var wrong = new FeatureNormalizer(group("amt")).normalize(all); // the definition names a column that is not there
        assertThat(wrong.quarantined()).hasSize(4);
        new Quarantine(quarantineDir).write("spend", wrong.quarantined(), T);

        FeatureGroup fixed = group("amount");
        try (EmbeddedOnlineStore online = new EmbeddedOnlineStore(dir.resolve("online"));
             ParquetOfflineStore offline = new ParquetOfflineStore(dir.resolve("offline"), "SNAPPY")) {
            QuarantineReplay replay = new QuarantineReplay(quarantineDir, offline, online,
                    new IngestionClock(Clock.systemUTC()));

            QuarantineReplay.Result result = replay.replay(fixed);
            QuarantineReplay.Result again = replay.replay(fixed);

            assertThat(result).isEqualTo(new QuarantineReplay.Result(1, 4, 3, 1));
            assertThat(again).as("replayed rows are not read twice; only the still-bad row is pending")
                    .isEqualTo(new QuarantineReplay.Result(1, 1, 0, 1));
            List<String> offlineRows = new java.util.ArrayList<>();
            try (OfflineRows rows = offline.read(fixed)) {
                rows.forEachRemaining(r -> offlineRows.add(r.entityId() + "@" + r.eventTimestamp() + "=" + r.value(0)));
            }
            assertThat(offlineRows).containsExactlyInAnyOrder("c1@" + T.plusSeconds(60) + "=1.5",
                    "c2@" + T.plusSeconds(120) + "=2.5", "c1@" + T.plusSeconds(180) + "=3.5");
            List<Map<String, StoredValue>> values = online.read("spend", List.of("c1", "c2"), List.of("amount"));
            assertThat(values.get(0).get("amount")).isEqualTo(new StoredValue(3.5, T.plusSeconds(180)));
            assertThat(values.get(1).get("amount")).isEqualTo(new StoredValue(2.5, T.plusSeconds(120)));
            assertThat(pendingLines(quarantineDir.resolve("spend")))
                    .as("the row that is still bad is quarantined again with its new reason")
                    .singleElement().asString().contains("entity key customer_id is null");
        }
    }

    private static List<String> pendingLines(Path groupDir) {
        try (Stream<Path> walk = Files.walk(groupDir)) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path p : walk.filter(p -> p.toString().endsWith(".jsonl")
                    && !p.startsWith(groupDir.resolve(QuarantineReplay.REPLAYED))).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
            return lines;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
