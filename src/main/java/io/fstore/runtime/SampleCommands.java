package io.fstore.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.GroupDefinition;
import io.fstore.model.FeatureGroup;
import io.fstore.sample.PreviewTable;
import io.fstore.sample.SampleCheck;
import io.fstore.sample.SourceSample;
import io.fstore.sample.SourceSampler;
import io.fstore.source.jdbc.JdbcSourceCheck;

/**
 * {@code check [group…]} and {@code preview <group> [--rows N]}: read the first rows of groups' sources through their
 * route templates ({@link SourceSampler}) and say whether they read as declared, or show them. Nothing is written, and
 * FStore may be running meanwhile (neither takes the data directory). Every line has its secrets masked.
 */
final class SampleCommands {

    /** Rows {@code check} reads per group. */
    static final int CHECK_ROWS = 20;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SampleCommands() {
    }

    /**
     * The commands' output is their answer (one line per group, secrets masked): while one runs nothing is logged,
     * neither Camel's start and stop lines nor a driver's warnings and stack traces about the failure the command
     * reports itself (those log lines are not masked, and a failing group would bury the other groups' lines).
     */
    private static AutoCloseable silenceLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
            ch.qos.logback.classic.turbo.TurboFilter silence = new ch.qos.logback.classic.turbo.TurboFilter() {
                @Override
                public ch.qos.logback.core.spi.FilterReply decide(org.slf4j.Marker marker,
                        ch.qos.logback.classic.Logger logger, ch.qos.logback.classic.Level level, String format,
                        Object[] params, Throwable t) {
                    return ch.qos.logback.core.spi.FilterReply.DENY;
                }
            };
            silence.start();
            logs.addTurboFilter(silence);
            return () -> logs.getTurboFilterList().remove(silence);
        }
        return () -> { };
    }

    /** Exit 0 when every group reads as declared, 1 when one does not, 2 for an unknown group. */
    static int check(Path workDir, FStoreSettings settings, List<GroupDefinition> definitions, List<String> names,
                     Secrets secrets, PrintStream out, PrintStream err) throws Exception {
        try (AutoCloseable quiet = silenceLogging()) {
            return checkGroups(workDir, settings, definitions, names, secrets, out, err);
        }
    }

    private static int checkGroups(Path workDir, FStoreSettings settings, List<GroupDefinition> definitions,
                                   List<String> names, Secrets secrets, PrintStream out, PrintStream err)
            throws Exception {
        List<GroupDefinition> chosen = choose(definitions, names, err);
        if (chosen == null) {
            return 2;
        }
        Map<String, List<String>> schemaProblems = jdbcSchemaProblems(settings, chosen, secrets);
        boolean allOk = true;
        try (SourceSampler sampler = new SourceSampler(ConfigFiles.routesLocation(workDir), settings.connections(),
                chosen.stream().map(GroupDefinition::group).toList(), CHECK_ROWS, TIMEOUT)) {
            for (GroupDefinition d : chosen) {
                FeatureGroup g = d.group();
                SampleCheck check = SampleCheck.of(sampler.sample(g.name()));
                List<String> problems = new ArrayList<>(schemaProblems.getOrDefault(g.name(), List.of()));
                problems.addAll(check.problems());
                String where = g.name() + " (" + g.source().kind() + " via " + g.source().connection() + ")";
                if (problems.isEmpty()) {
                    out.println(secrets.mask("ok    " + where + ": " + readSummary(check)
                            + (check.unused().isEmpty() ? "" : "; fields not used: "
                            + String.join(", ", check.unused()))));
                } else {
                    allOk = false;
                    out.println(secrets.mask("FAIL  " + where + ": " + String.join("; ", problems)
                            + " [" + d.file() + "]"));
                }
            }
        }
        return allOk ? 0 : 1;
    }

    private static String readSummary(SampleCheck check) {
        return check.rowsRead() == 0 ? "the source returned no rows (only the schema was checked, if the kind has one)"
                : check.rowsRead() + " row(s) read, every field reads as declared";
    }

    /** Prints the first rows; exit 0 when they were read (bad rows shown with their reasons), 1 when reading failed. */
    static int preview(Path workDir, FStoreSettings settings, List<GroupDefinition> definitions, String name, int rows,
                       Secrets secrets, PrintStream out, PrintStream err) throws Exception {
        try (AutoCloseable quiet = silenceLogging()) {
            return previewGroup(workDir, settings, definitions, name, rows, secrets, out, err);
        }
    }

    private static int previewGroup(Path workDir, FStoreSettings settings, List<GroupDefinition> definitions,
                                    String name, int rows, Secrets secrets, PrintStream out, PrintStream err)
            throws Exception {
        List<GroupDefinition> chosen = choose(definitions, List.of(name), err);
        if (chosen == null) {
            return 2;
        }
        FeatureGroup group = chosen.get(0).group();
        try (SourceSampler sampler = new SourceSampler(ConfigFiles.routesLocation(workDir), settings.connections(),
                List.of(group), rows, TIMEOUT)) {
            SourceSample sample = sampler.sample(group.name());
            if (sample.failure().isPresent()) {
                err.println(secrets.mask("FStore preview: cannot read group " + group.name() + ": "
                        + sample.failure().get()));
                return 1;
            }
            java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
            PreviewTable.print(sample, new PrintStream(table, true, java.nio.charset.StandardCharsets.UTF_8));
            out.print(secrets.mask(table.toString(java.nio.charset.StandardCharsets.UTF_8)));
            return 0;
        }
    }

    /** The named groups (all when none is named), or null after saying which name is unknown. */
    private static List<GroupDefinition> choose(List<GroupDefinition> definitions, List<String> names,
                                                PrintStream err) {
        if (names.isEmpty()) {
            return definitions;
        }
        Map<String, GroupDefinition> byName = new LinkedHashMap<>();
        definitions.forEach(d -> byName.put(d.group().name(), d));
        List<GroupDefinition> chosen = new ArrayList<>();
        for (String name : names) {
            GroupDefinition d = byName.get(name);
            if (d == null) {
                err.println("FStore: no feature group named '" + name + "'; groups: "
                        + String.join(", ", byName.keySet()));
                return null;
            }
            chosen.add(d);
        }
        return chosen;
    }

    /** The result-schema check of JDBC groups (column types from the driver): it also covers an empty table. */
    private static Map<String, List<String>> jdbcSchemaProblems(FStoreSettings settings, List<GroupDefinition> groups,
                                                               Secrets secrets) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        JdbcSourceCheck.Report report = new JdbcSourceCheck(settings.datasources(), secrets,
                JdbcSourceCheck.DEFAULT_TIMEOUT).check(groups);
        for (DefinitionError e : report.schemaProblems()) {
            String group = groups.stream().filter(d -> e.file().equals(d.file())).map(d -> d.group().name())
                    .findFirst().orElse("");
            problems.computeIfAbsent(group, k -> new ArrayList<>()).add(e.field() + ": " + e.problem());
        }
        return problems;
    }
}
