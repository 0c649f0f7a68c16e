package io.fstore.runtime;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar fstore.jar [run | validate | check [group…] | preview <group> [--rows N] | replay <group>]
 * [--help] [--version]}, parsed by picocli: usage on
 * {@code --help}, a one-line error plus usage (exit 2) on anything it does not know, nothing started before the
 * arguments are understood.
 */
@Command(name = "fstore", mixinStandardHelpOptions = true, versionProvider = FStoreCommand.Version.class,
        description = "A declarative feature store on Apache Camel. Without a command: run.",
        subcommands = {FStoreCommand.Run.class, FStoreCommand.Validate.class, FStoreCommand.Check.class,
            FStoreCommand.Preview.class, FStoreCommand.Replay.class},
        footer = {"", "Exit codes: 0 ok, 1 invalid configuration or cannot start, 2 usage error, "
                + "3 replay left rows in quarantine.",
                "Configuration: application.properties and features/ in the working directory (see README)."})
final class FStoreCommand implements Callable<Integer> {

    /** Where a command runs: its working directory (application.properties, features/) and its output. */
    record Invocation(java.nio.file.Path workDir, java.io.PrintStream out, java.io.PrintStream err) {
    }

    private final Invocation invocation;

    private FStoreCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    static int execute(String[] args) {
        return execute(new Invocation(java.nio.file.Path.of("").toAbsolutePath(), System.out, System.err), args);
    }

    static int execute(Invocation invocation, String... args) {
        return new CommandLine(new FStoreCommand(invocation))
                .setOut(new java.io.PrintWriter(invocation.out(), true))
                .setErr(new java.io.PrintWriter(invocation.err(), true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("FStore stopped: " + e);
                    return 1;
                }).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        return FStoreCli.execute(FStoreCli.Mode.RUN, null);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Validate, then materialize the feature groups on their schedules and serve them over HTTP "
                    + "until stopped.")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return FStoreCli.execute(FStoreCli.Mode.RUN, null);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check application.properties, every feature group and each source's result schema "
                    + "(without reading rows); exit 1 on any problem.")
    static final class Validate implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return FStoreCli.execute(FStoreCli.Mode.VALIDATE, null);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Connect to each group's source with its credentials, read its first rows and say, one line "
                    + "per group, whether every field reads as its declared type (fields not used are listed); exit 1 "
                    + "on any problem. Writes nothing.")
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        FStoreCommand parent;

        @Parameters(paramLabel = "<group>", arity = "0..*", description = "the groups to check (default: all)")
        java.util.List<String> groups = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return FStoreCli.execute(parent.invocation, FStoreCli.Mode.CHECK, groups, 0);
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Show a group's first rows as they would be stored, and why bad ones would be quarantined. "
                    + "Writes nothing.")
    static final class Preview implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        FStoreCommand parent;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "<group>", description = "the feature group to preview")
        String group;

        @picocli.CommandLine.Option(names = "--rows", paramLabel = "N", defaultValue = "10",
                description = "how many source rows to read, 1 to 10000 (default: ${DEFAULT-VALUE})")
        int rows;

        @Override
        public Integer call() throws Exception {
            if (rows < 1 || rows > 10_000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--rows must be from 1 to 10000, not " + rows);
            }
            return FStoreCli.execute(parent.invocation, FStoreCli.Mode.PREVIEW, java.util.List.of(group), rows);
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "With FStore stopped: send the group's quarantined rows through its current definition "
                    + "into both stores.")
    static final class Replay implements Callable<Integer> {
        @Parameters(paramLabel = "<group>", description = "the feature group whose quarantined rows to replay")
        String group;

        @Override
        public Integer call() throws Exception {
            return FStoreCli.execute(FStoreCli.Mode.REPLAY, group);
        }
    }

    /** The version from the jar's manifest (Implementation-Version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FStoreCommand.class.getPackage().getImplementationVersion();
            return new String[] {"FStore " + (version == null ? "(development build)" : version)
                    + ", Apache Camel " + org.apache.camel.CamelContext.class.getPackage()
                    .getImplementationVersion()};
        }
    }
}
