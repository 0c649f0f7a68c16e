package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/fstore.jar} as a user types it: usage, version, usage errors, the data directory. */
class CommandLineIT {

    @TempDir
    Path work;

    private record Outcome(int exit, String output) {
    }

    private Outcome fstore(String... args) throws Exception {
        Process p = ChildFStore.start(work, "out.log", args);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("fstore %s returns by itself", List.of(args)).isTrue();
        return new Outcome(p.exitValue(), Files.readString(work.resolve("out.log"), StandardCharsets.UTF_8));
    }

    @Test
    void help_prints_the_commands_and_exits_0_without_starting_anything() throws Exception {
        for (String help : new String[] {"--help", "-h"}) {
            Outcome o = fstore(help);
            assertThat(o.exit()).isZero();
            assertThat(o.output()).startsWith("Usage: fstore [-hV] [COMMAND]")
                    .contains("  run ", "  validate ", "  replay ", "Exit codes: 0 ok, 1 invalid configuration");
        }
        assertThat(fstore("replay", "--help").output()).startsWith("Usage: fstore replay [-hV] <group>");
        assertThat(work.resolve("data")).as("nothing was started").doesNotExist();
    }

    @Test
    void version_prints_fstore_and_camel_versions() throws Exception {
        Outcome o = fstore("--version");
        assertThat(o.exit()).isZero();
        assertThat(o.output().trim()).matches("FStore \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?, Apache Camel 4\\.17\\.0");
    }

    @Test
    void unknown_arguments_are_usage_errors_with_exit_2() throws Exception {
        Outcome option = fstore("--bogus");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.output()).startsWith("Unknown option: '--bogus'").contains("Usage: fstore");
        Outcome command = fstore("frobnicate");
        assertThat(command.exit()).isEqualTo(2);
        assertThat(command.output()).startsWith("Unmatched argument at index 0: 'frobnicate'");
        Outcome missing = fstore("replay");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.output()).startsWith("Missing required parameter: '<group>'");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void the_data_directory_setting_also_moves_the_demo_warehouse() throws Exception {
        Files.writeString(work.resolve("application.properties"),
                "camel.server.port = " + FStoreHarness.freePort() + "\n");
        Path elsewhere = work.resolve("elsewhere");
        Process p = ChildFStore.start(work, "run.log", List.of("-Dfstore.data-dir=" + elsewhere), "run");
        try {
            Path state = elsewhere.resolve("state/customer_last_order.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(Files.exists(state) && new ObjectMapper().readTree(state.toFile()).path("lastRun").path("status")
                    .asText().equals("succeeded"))) {
                assertThat(p.isAlive()).as("FStore runs; see run.log").isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(elsewhere.resolve("warehouse.mv.db")).isRegularFile();
            assertThat(work.resolve("data")).as("nothing under the default ./data").doesNotExist();
            String log = Files.readString(work.resolve("run.log"), StandardCharsets.UTF_8);
            assertThat(log).containsPattern("FStore ready in \\d+ ms: API on http://127\\.0\\.0\\.1:\\d+, "
                    + "feature groups: customer_last_order, customer_metrics");
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
