package io.fstore.definition;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.store.offline.OfflineSchema;
import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads {@code features/*.yaml} into validated {@link FeatureGroup}s. Every problem in every file is collected and
 * reported together, each with file, line, field and what to write instead.
 */
public final class DefinitionLoader {

    public static final Set<String> SOURCE_KINDS = Set.of("jdbc");
    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String IDENTIFIER_HINT = "lower-case letters, digits and _, starting with a letter or _";
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "entity", "source", "schedule",
            "update_frequency", "run_on_start", "ttl", "features", "owner", "tags");
    private static final Set<String> ENTITY_KEYS = Set.of("name", "key", "description");
    private static final Set<String> SOURCE_KEYS = Set.of("kind", "datasource", "query", "timestamp", "incremental");
    private static final Set<String> INCREMENTAL_KEYS = Set.of("column");
    private static final Set<String> FEATURE_KEYS = Set.of("name", "type", "description", "precision", "scale");

    private final Set<String> datasources;

    /** @param datasources names of the configured connections a {@code source.datasource} may refer to */
    public DefinitionLoader(Set<String> datasources) {
        this.datasources = Set.copyOf(datasources);
    }

    /** Loads every {@code *.yaml}/{@code *.yml} file of a folder; throws with all errors if any is invalid. */
    public List<FeatureGroup> loadDirectory(Path dir) {
        List<DefinitionError> errors = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new InvalidDefinitionException(List.of(new DefinitionError(dir.toString(), 0, "fstore.features-dir",
                    "is not a folder", "a folder holding one feature group definition (*.yaml) per file")));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list feature definitions in " + dir, e);
        }
        List<FeatureGroup> groups = new ArrayList<>();
        Map<String, String> fileOfGroup = new HashMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                errors.add(new DefinitionError(file.toString(), 0, "(file)", "cannot be read: " + e.getMessage(), ""));
                continue;
            }
            Optional<FeatureGroup> group = parse(file.toString(), text, errors);
            group.ifPresent(g -> {
                String other = fileOfGroup.putIfAbsent(g.name(), file.toString());
                if (other != null) {
                    errors.add(new DefinitionError(file.toString(), 1, "name",
                            "feature group '" + g.name() + "' is already defined in " + other, "a unique name"));
                } else {
                    groups.add(g);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionException(errors);
        }
        return groups;
    }

    /** Parses one definition; problems are added to {@code errors} and the result is empty if there were any. */
    public Optional<FeatureGroup> parse(String file, String text, List<DefinitionError> errors) {
        int before = errors.size();
        Node root;
        try {
            root = compose(file, text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            errors.add(new DefinitionError(file, line, "(yaml)", "is not valid YAML: " + e.getProblem(),
                    "a YAML mapping such as 'name: customer_metrics'"));
            return Optional.empty();
        } catch (YamlEngineException e) {
            errors.add(new DefinitionError(file, 0, "(yaml)", "is not valid YAML: " + e.getMessage(), ""));
            return Optional.empty();
        }
        if (root == null) {
            errors.add(new DefinitionError(file, 0, "(file)", "is empty", "a feature group definition"));
            return Optional.empty();
        }
        YamlMap top = new YamlMap(file, "", root, errors);
        if (!top.isMapping()) {
            top.error(root, "(file)", "is not a mapping", "keys such as name, entity, source, features");
            return Optional.empty();
        }
        top.rejectUnknownKeys(TOP_KEYS);
        Optional<String> name = identifier(top, "name");
        String description = top.optionalString("description").orElse("");
        Optional<Entity> entity = top.requiredMap("entity", "{ name: customer, key: customer_id }")
                .flatMap(this::entity);
        Optional<SourceSpec> source = top.requiredMap("source", "{ kind: jdbc, datasource: ..., query: ... }")
                .flatMap(this::source);
        Optional<Trigger> trigger = trigger(top);
        boolean runOnStart = top.optionalBoolean("run_on_start").orElse(false);
        Duration ttl = top.optionalString("ttl").flatMap(t -> duration(top, "ttl", t)).orElse(Duration.ZERO);
        List<Feature> features = features(top, entity);
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new FeatureGroup(name.orElseThrow(), description, entity.orElseThrow(),
                source.orElseThrow(), trigger.orElseThrow(), runOnStart, ttl, features));
    }

    private static Node compose(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).build();
        Reader reader = new java.io.StringReader(text);
        Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
        return composer.getSingleNode().orElse(null);
    }

    private Optional<String> identifier(YamlMap map, String key) {
        Optional<String> value = map.requiredString(key, IDENTIFIER_HINT);
        if (value.isPresent() && !IDENTIFIER.matcher(value.get()).matches()) {
            map.error(map.node(key).orElseThrow(), map.field(key), "'" + value.get() + "' is not a valid name",
                    IDENTIFIER_HINT);
            return Optional.empty();
        }
        return value;
    }

    private Optional<Entity> entity(YamlMap map) {
        map.rejectUnknownKeys(ENTITY_KEYS);
        Optional<String> name = identifier(map, "name");
        Optional<String> key = identifier(map, "key");
        return name.flatMap(n -> key.map(k -> new Entity(n, k)));
    }

    private Optional<SourceSpec> source(YamlMap map) {
        map.rejectUnknownKeys(SOURCE_KEYS);
        Optional<String> kind = map.requiredString("kind", "one of " + String.join(", ", SOURCE_KINDS));
        if (kind.isPresent() && !SOURCE_KINDS.contains(kind.get())) {
            map.error(map.node("kind").orElseThrow(), map.field("kind"), "unknown source kind '" + kind.get() + "'",
                    "one of " + String.join(", ", SOURCE_KINDS));
            kind = Optional.empty();
        }
        String known = datasources.isEmpty() ? "(none configured: add fstore.datasource.<name>.url)"
                : String.join(", ", datasources.stream().sorted().toList());
        Optional<String> datasource = map.requiredString("datasource", "the name of a configured datasource: " + known);
        if (datasource.isPresent() && !datasources.contains(datasource.get())) {
            map.error(map.node("datasource").orElseThrow(), map.field("datasource"),
                    "unknown datasource '" + datasource.get() + "'", "one of " + known
                            + " (configured as fstore.datasource.<name>.url in application.properties)");
            datasource = Optional.empty();
        }
        Optional<String> query = map.requiredString("query", "a SELECT returning entity_id, value, timestamp or "
                + "the entity key, one column per feature and a timestamp");
        String timestamp = map.optionalString("timestamp").orElse("timestamp");
        Optional<String> incremental = Optional.empty();
        Optional<YamlMap> inc = map.optionalMap("incremental", "{ column: updated_at }");
        if (inc.isPresent()) {
            inc.get().rejectUnknownKeys(INCREMENTAL_KEYS);
            incremental = inc.get().requiredString("column", "the name of a result column whose values only grow");
            if (incremental.isPresent() && !IDENTIFIER.matcher(incremental.get()).matches()) {
                inc.get().error(inc.get().node("column").orElseThrow(), inc.get().field("column"),
                        "'" + incremental.get() + "' is not a plain column name", IDENTIFIER_HINT);
            }
        }
        if (kind.isEmpty() || datasource.isEmpty() || query.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SourceSpec(kind.get(), datasource.get(), stripSemicolon(query.get()), timestamp,
                incremental));
    }

    private static String stripSemicolon(String query) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return q;
    }

    private Optional<Trigger> trigger(YamlMap top) {
        boolean cron = top.has("schedule");
        boolean every = top.has("update_frequency");
        if (cron && every) {
            top.error(top.node("update_frequency").orElseThrow(), "update_frequency",
                    "is given together with schedule", "either schedule (quartz cron) or update_frequency, not both");
            return Optional.empty();
        }
        if (every) {
            String text = top.optionalString("update_frequency").orElse("");
            return duration(top, "update_frequency", text).map(Trigger.Every::new);
        }
        if (!cron) {
            top.errorHere("schedule", "is missing", "a quartz cron such as \"0 */5 * * * ?\" or update_frequency: 1h");
            return Optional.empty();
        }
        Optional<String> expression = top.optionalString("schedule");
        if (expression.isEmpty()) {
            return Optional.empty();
        }
        try {
            new CronExpression(expression.get());
            return Optional.of(new Trigger.Cron(expression.get()));
        } catch (ParseException e) {
            top.error(top.node("schedule").orElseThrow(), "schedule",
                    "'" + expression.get() + "' is not a quartz cron (" + e.getMessage() + ")",
                    "six or seven fields: seconds minutes hours day-of-month month day-of-week [year], "
                            + "e.g. \"0 */5 * * * ?\"");
            return Optional.empty();
        }
    }

    private static Optional<Duration> duration(YamlMap map, String key, String text) {
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            map.error(map.node(key).orElseThrow(), map.field(key), "'" + text + "' is not a duration", Durations.FORMAT);
        }
        return d;
    }

    private List<Feature> features(YamlMap top, Optional<Entity> entity) {
        List<Feature> features = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlMap item : top.requiredListOfMaps("features", "a list such as - { name: orders, type: long }")) {
            item.rejectUnknownKeys(FEATURE_KEYS);
            Optional<String> name = identifier(item, "name");
            Optional<ValueType> type = item.requiredString("type", "one of " + ValueType.allNames())
                    .flatMap(t -> {
                        Optional<ValueType> vt = ValueType.fromYaml(t);
                        if (vt.isEmpty()) {
                            item.error(item.node("type").orElseThrow(), item.field("type"), "unknown type '" + t + "'",
                                    "one of " + ValueType.allNames());
                        }
                        return vt;
                    });
            int precision = item.optionalInt("precision", 1, 38).orElse(Feature.DEFAULT_DECIMAL_PRECISION);
            int scale = item.optionalInt("scale", 0, 38).orElse(Feature.DEFAULT_DECIMAL_SCALE);
            if (scale > precision) {
                item.error(item.node("scale").orElseThrow(), item.field("scale"), "is larger than precision " + precision,
                        "a scale no larger than the precision");
            }
            if (name.isPresent() && !seen.add(name.get())) {
                item.error(item.node("name").orElseThrow(), item.field("name"),
                        "feature '" + name.get() + "' is declared twice", "each feature name once per group");
                continue;
            }
            if (name.isPresent() && OfflineSchema.RESERVED.contains(name.get())) {
                item.error(item.node("name").orElseThrow(), item.field("name"), "'" + name.get() + "' is reserved",
                        "a name other than " + String.join(", ", OfflineSchema.RESERVED));
                continue;
            }
            if (name.isPresent() && entity.isPresent() && name.get().equals(entity.get().key())) {
                item.error(item.node("name").orElseThrow(), item.field("name"),
                        "'" + name.get() + "' is the entity key", "a feature name other than the entity key");
                continue;
            }
            if (name.isPresent() && type.isPresent()) {
                String description = item.optionalString("description").orElse("");
                features.add(new Feature(name.get(), type.get(), description, precision, scale));
            }
        }
        return features;
    }
}
