package io.fstore.runtime;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.IngestionClock;
import io.fstore.pipeline.QuarantineReplay;
import io.fstore.source.DataSources;
import io.fstore.store.offline.ParquetOfflineStore;
import io.fstore.store.online.OnlineStore;

/**
 * {@code java -jar fstore.jar replay <group>}: replays the group's quarantined rows through its current definition
 * into both stores. Runs while FStore is stopped (it takes the data-directory lock), so no run races it.
 */
final class ReplayCommand {

    private ReplayCommand() {
    }

    static int run(FStoreSettings settings, List<FeatureGroup> groups, String groupName, PrintStream out,
                   PrintStream err) {
        FeatureGroup group = groups.stream().filter(g -> g.name().equals(groupName)).findFirst().orElse(null);
        if (group == null) {
            err.println("FStore replay: no feature group named '" + groupName + "'; groups: "
                    + String.join(", ", groups.stream().map(FeatureGroup::name).toList()));
            return 2;
        }
        try (DataDirLock lock = DataDirLock.acquire(settings.dataDir())) {
            Map<String, HikariDataSource> datasources = DataSources.create(settings.datasources());
            try (OnlineStore online = OnlineStores.open(settings, datasources, List.of(group));
                 ParquetOfflineStore offline = new ParquetOfflineStore(settings.dataDir().resolve("offline"),
                         settings.offlineCompression())) {
                QuarantineReplay.Result result = new QuarantineReplay(settings.dataDir().resolve("quarantine"),
                        offline, online, new IngestionClock(Clock.systemUTC())).replay(group);
                out.println("Replayed " + result.rowsRead() + " quarantined row(s) of group " + groupName + " from "
                        + result.files() + " file(s): " + result.rowsStored() + " stored, "
                        + result.rowsStillQuarantined() + " still quarantined (with their new reason)");
                return result.rowsStillQuarantined() == 0 ? 0 : 3;
            } finally {
                datasources.values().forEach(HikariDataSource::close);
            }
        }
    }
}
