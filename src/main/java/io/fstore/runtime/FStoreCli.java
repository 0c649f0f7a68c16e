package io.fstore.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.definition.DefinitionError;
import io.fstore.definition.DefinitionLoader;
import io.fstore.definition.GroupDefinition;
import io.fstore.definition.InvalidDefinitionException;
import io.fstore.demo.DemoWarehouse;
import io.fstore.model.FeatureGroup;
import io.fstore.source.DataSources;
import io.fstore.source.jdbc.JdbcSourceCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line ({@link FStoreCommand}: {@code run | validate | replay <group> | --help | --version}): validates configuration, feature groups and the schema each source
 * returns for its groups, then (without {@code validate}) runs FStore until stopped. Invalid configuration or a query
 * that does not return what its group declares exits 1 before anything starts. A source that cannot be reached fails
 * {@code validate}; at startup it is a warning (its groups' runs fail until it is back, serving goes on).
 * Nothing printed carries a configured password.
 */
public final class FStoreCli {

    private static final Logger LOG = LoggerFactory.getLogger(FStoreCli.class);

    private FStoreCli() {
    }

    /** Exit codes: 0 done, 1 invalid configuration or cannot start, 2 usage error, 3 replay left rows in quarantine. */
    public static int run(String[] args) {
        return FStoreCommand.execute(args);
    }

    /** What to do once the configuration is valid. */
    enum Mode { RUN, VALIDATE, REPLAY, CHECK, PREVIEW }

    static int execute(Mode mode, String replayGroup) throws Exception {
        return execute(new FStoreCommand.Invocation(Path.of("").toAbsolutePath(), System.out, System.err), mode,
                replayGroup == null ? List.of() : List.of(replayGroup), 0);
    }

    /**
     * A command as {@code java -jar fstore.jar <args>} runs it, in {@code workDir} with its output on {@code out} and
     * {@code err} (tests of {@code check} and {@code preview} run it in their own JVM this way); returns the exit code.
     */
    public static int run(Path workDir, java.io.PrintStream out, java.io.PrintStream err, String... args) {
        return FStoreCommand.execute(new FStoreCommand.Invocation(workDir, out, err), args);
    }

    /**
     * @param groupNames the groups a command names (replay and preview: one; check: any, none meaning all)
     * @param rows       the rows {@code preview} shows
     */
    static int execute(FStoreCommand.Invocation invocation, Mode mode, List<String> groupNames, int rows)
            throws Exception {
        Path workDir = invocation.workDir();
        boolean validateOnly = mode == Mode.VALIDATE;
        boolean replay = mode == Mode.REPLAY;
        Secrets secrets = Secrets.none();
        Properties props;
        FStoreSettings settings;
        Path featuresDir;
        List<GroupDefinition> definitions;
        JdbcSourceCheck.Report sources;
        try {
            props = ConfigFiles.load(workDir);
            secrets = Secrets.of(props);
            settings = FStoreSettings.from(props, ConfigFiles.FILE);
            featuresDir = ConfigFiles.featuresDir(settings.featuresDir());
            definitions = new DefinitionLoader(settings.connectionKinds()).loadDefinitions(featuresDir);
            if (replay) {
                return ReplayCommand.run(settings, definitions.stream().map(GroupDefinition::group).toList(),
                        groupNames.get(0), System.out, System.err);
            }
            if (mode == Mode.CHECK || mode == Mode.PREVIEW) {
                seedDemoWarehouse(settings, secrets);
                return mode == Mode.CHECK
                        ? SampleCommands.check(workDir, settings, definitions, groupNames, secrets, invocation.out(),
                        invocation.err())
                        : SampleCommands.preview(workDir, settings, definitions, groupNames.get(0), rows, secrets,
                        invocation.out(), invocation.err());
            }
            if (!validateOnly) {
                DataDirLock.acquire(settings.dataDir()).close(); // fail before touching anything if it is in use
            }
            seedDemoWarehouse(settings, secrets);
            sources = new JdbcSourceCheck(settings.datasources(), secrets, JdbcSourceCheck.DEFAULT_TIMEOUT)
                    .check(definitions);
            List<DefinitionError> errors = new ArrayList<>(sources.schemaProblems());
            if (validateOnly) {
                errors.addAll(sources.unreachable());
            }
            if (!errors.isEmpty()) {
                throw new InvalidDefinitionException(errors);
            }
        } catch (InvalidDefinitionException | DataDirLock.DataDirInUseException e) {
            invocation.err().println(secrets.mask("FStore cannot start: " + e.getMessage()));
            return 1;
        }
        List<FeatureGroup> groups = definitions.stream().map(GroupDefinition::group).toList();
        if (validateOnly) {
            System.out.println(secrets.mask("OK: " + groups.size() + " feature group(s) valid in "
                    + featuresDir.toUri() + ": " + String.join(", ", groups.stream().map(FeatureGroup::name).toList())
                    + checkedSummary(sources.checkedGroups())));
            return 0;
        }
        for (DefinitionError unreachable : sources.unreachable()) {
            LOG.warn("{}; its groups start anyway and their runs fail until it answers",
                    secrets.mask(unreachable.toString()));
        }
        try (FStoreRuntime runtime = new FStoreRuntime(workDir, props, settings, groups)) {
            runtime.run(new String[0]); // Camel Main gets no arguments: the command line is FStore's
        } catch (DataDirLock.DataDirInUseException e) {
            System.err.println("FStore cannot start: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            io.fstore.runtime.http.HttpServerStartException http = io.fstore.runtime.http.HttpServerStartException.in(e);
            if (http == null) {
                throw e;
            }
            System.err.println("FStore cannot start: " + http.getMessage());
            return 1;
        }
        return 0;
    }

    /**
     * The demo warehouse is seeded before the source check (as FStoreRuntime would seed it at start, which then finds
     * it seeded), so the demo groups are checked against the tables they read. When it cannot be reached, the source
     * check that follows reports why.
     */
    private static void seedDemoWarehouse(FStoreSettings settings, Secrets secrets) {
        DataSourceSettings warehouse = settings.datasources().get(DemoWarehouse.DATASOURCE);
        if (settings.demoSeed() && warehouse != null) {
            try (HikariDataSource ds = DataSources.create(warehouse, JdbcSourceCheck.DEFAULT_TIMEOUT)) {
                DemoWarehouse.seedIfEmpty(ds);
            } catch (IllegalStateException e) {
                LOG.debug("Demo warehouse not seeded: {}", secrets.mask(e.getMessage()));
            }
        }
    }

    private static String checkedSummary(Map<String, List<String>> checked) {
        if (checked.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        checked.forEach((datasource, groups) -> parts.add(datasource + " (" + String.join(", ", groups) + ")"));
        return "\nSource schemas match the definitions: " + String.join("; ", parts);
    }
}
