package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review probe of issue #10: FStore killed in the middle of a run leaves the group's state file with its last run
 * "running" (RunSteps.begin saves it so). After the restart nothing runs; the health check {@code groups} and the runs
 * API should tell the same story about the group.
 */
class CrashedRunProbeIT {

    @TempDir(factory = P10.TempDirs.class)
    Path work;

    @Test
    void after_a_crash_mid_run_health_and_the_runs_api_agree_that_nothing_runs() throws Exception {
        String table = P10.table("crash");
        P10.orders(table, 10);
        try {
            P10.group(work, "crashed", "SELECT customer_id, amount, ts FROM " + table, "");
            Path state;
            try (FStoreHarness fstore = new FStoreHarness(work, P10.pg())) {
                fstore.run("crashed");
                state = fstore.dataDir.resolve("state").resolve("crashed.json");
            }
            // what a kill -9 after the next run's begin() leaves: its progress as the last run
            ObjectNode saved = (ObjectNode) P10.JSON.readTree(state.toFile());
            ((ObjectNode) saved.get("lastRun")).put("status", "running").putNull("finishedAt")
                    .put("runId", "killed-run");
            Files.writeString(state, saved.toPrettyString());

            try (FStoreHarness again = new FStoreHarness(work, P10.pg())) {
                JsonNode api = P10.JSON.readTree(again.get("/groups/crashed").body());
                JsonNode health = P10.JSON.readTree(again.getManagement("/observe/health?exposureLevel=full&data=true")
                        .body());
                String healthStatus = null;
                for (JsonNode check : health.get("checks")) {
                    if (check.get("name").asText().equals("groups")) {
                        healthStatus = check.get("data").get("group.crashed.status").asText();
                    }
                }
                assertThat(api.get("status").asText()).isEqualTo("succeeded");
                assertThat(healthStatus).as("the groups check, while no run holds the group")
                        .isEqualTo(api.get("status").asText());
            }
        } finally {
            P10.drop(table);
        }
    }
}
