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
import io.fstore.model.FieldMapping;
import io.fstore.model.TimestampUnit;
import io.fstore.source.SourceKind;
import io.fstore.source.SourceKinds;
import io.fstore.model.FeatureGroup;
import io.fstore.model.RunPolicy;
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

    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String IDENTIFIER_HINT = "lower-case letters, digits and _, starting with a letter or _";
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "entity", "source", "schedule",
            "update_frequency", "run_on_start", "ttl", "features", "owner", "tags", "max_run_time", "quarantine");
    private static final String KIND_NAMES = String.join(", ", SourceKinds.names());
    private static final Set<String> ENTITY_KEYS = Set.of("name", "key", "description");
    /** The keys of {@code source:} every kind has; each kind adds its own (see {@link SourceKind#sourceKeys}). */
    private static final Set<String> COMMON_SOURCE_KEYS = Set.of("kind", "connection", "datasource", "timestamp",
            "timestamp_unit", "created_timestamp", "entity_key", "field_mapping", "incremental", "timeout");
    /** A field of a source record: a name, or a dotted path into nested documents. */
    static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z0-9_$]+)*");
    private static final String FIELD_PATH_HINT = "a field name, or a dotted path such as address.city";
    private static final Set<String> INCREMENTAL_KEYS = Set.of("column");
    private static final Set<String> FEATURE_KEYS = Set.of("name", "type", "description", "precision", "scale",
            "dimension");
    private static final Set<String> QUARANTINE_KEYS = Set.of("max_ratio", "tolerate_rows");
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** A source request longer than a day is a hung one; this also keeps JDBC's int-seconds query timeout in range. */
    private static final Duration MAX_SOURCE_TIMEOUT = Duration.ofHours(24);

    private final Map<String, String> connections;

    /** @param connections kind of each configured connection, by name, that a {@code source.connection} may name */
    public DefinitionLoader(Map<String, String> connections) {
        this.connections = Map.copyOf(connections);
    }

    /** @param datasources names of the configured jdbc connections */
    public DefinitionLoader(Set<String> datasources) {
        this(datasources.stream().collect(java.util.stream.Collectors.toMap(n -> n, n -> "jdbc")));
    }

    /** Loads every {@code *.yaml}/{@code *.yml} file of a folder; throws with all errors if any is invalid. */
    public List<FeatureGroup> loadDirectory(Path dir) {
        return loadDefinitions(dir).stream().map(GroupDefinition::group).toList();
    }

    /** As {@link #loadDirectory}, keeping each group's file and field lines for later checks to report on. */
    public List<GroupDefinition> loadDefinitions(Path dir) {
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
        List<GroupDefinition> groups = new ArrayList<>();
        Map<String, String> fileOfGroup = new HashMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                errors.add(new DefinitionError(file.toString(), 0, "(file)", "cannot be read: " + e.getMessage(), ""));
                continue;
            }
            Optional<GroupDefinition> group = parseDefinition(file.toString(), text, errors);
            group.ifPresent(d -> {
                String name = d.group().name();
                String other = fileOfGroup.putIfAbsent(name, file.toString());
                if (other != null) {
                    errors.add(new DefinitionError(file.toString(), d.line("name"), "name",
                            "feature group '" + name + "' is already defined in " + other, "a unique name"));
                } else {
                    groups.add(d);
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
        return parseDefinition(file, text, errors).map(GroupDefinition::group);
    }

    /** As {@link #parse}, with the file and the lines of the fields. */
    public Optional<GroupDefinition> parseDefinition(String file, String text, List<DefinitionError> errors) {
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
        Optional<YamlMap> entityMap = top.requiredMap("entity", "{ name: customer, key: customer_id }");
        Optional<Entity> entity = entityMap.flatMap(this::entity);
        Optional<YamlMap> sourceMap = top.requiredMap("source", "{ kind: jdbc, datasource: ..., query: ... }");
        Optional<SourceSpec> source = sourceMap.flatMap(this::source);
        Optional<Trigger> trigger = trigger(top);
        boolean runOnStart = top.optionalBoolean("run_on_start").orElse(false);
        Duration ttl = duration(top, "ttl", ONE_SECOND, Durations.MAX, "how long a value stays servable after its "
                + "event time, from 1s to 36500d (100 years); omit ttl to keep values forever").orElse(Duration.ZERO);
        List<YamlMap> featureMaps = top.requiredListOfMaps("features", "a list such as - { name: orders, type: long }");
        List<Feature> features = features(featureMaps, entity);
        RunPolicy runPolicy = runPolicy(top, sourceMap);
        String owner = top.optionalString("owner").orElse("");
        Map<String, String> tags = tags(top);
        source.ifPresent(s -> s.fields().featureFields().keySet().stream()
                .filter(f -> features.stream().noneMatch(x -> x.name().equals(f)))
                .forEach(f -> sourceMap.orElseThrow().error(sourceMap.get().node("field_mapping").orElseThrow(),
                        "source.field_mapping", "maps a field to '" + f + "', which is not a feature of this group",
                        "feature names declared under features: " + String.join(", ",
                                features.stream().map(Feature::name).toList()))));
        schemaErrors(file, root, errors.subList(before, errors.size())).forEach(errors::add);
        if (errors.size() > before) {
            return Optional.empty();
        }
        FeatureGroup group = new FeatureGroup(name.orElseThrow(), description, entity.orElseThrow(),
                source.orElseThrow(), trigger.orElseThrow(), runOnStart, ttl, features, runPolicy, owner, tags);
        return Optional.of(new GroupDefinition(group, file, lines(top, entityMap, sourceMap, featureMaps)));
    }

    /**
     * A run's lease ({@code max_run_time}), its source timeout ({@code source.timeout}) and its quarantine limit
     * ({@code quarantine: { max_ratio, tolerate_rows }}); what is not given keeps {@link RunPolicy#DEFAULT}.
     */
    private static RunPolicy runPolicy(YamlMap top, Optional<YamlMap> source) {
        RunPolicy d = RunPolicy.DEFAULT;
        Duration maxRunTime = duration(top, "max_run_time", ONE_SECOND, Durations.MAX,
                "how long a run may hold its group, from 1s to 36500d, e.g. 2h").orElse(d.maxRunTime());
        Duration sourceTimeout = source.flatMap(s -> duration(s, "timeout", ONE_SECOND, MAX_SOURCE_TIMEOUT,
                "the longest one source request may take, from 1s to 24h, e.g. 10m")).orElse(d.sourceTimeout());
        double maxRatio = d.maxQuarantineRatio();
        long tolerate = d.tolerateQuarantined();
        Optional<YamlMap> quarantine = top.optionalMap("quarantine", "{ max_ratio: 0.05, tolerate_rows: 10 }");
        if (quarantine.isPresent()) {
            YamlMap q = quarantine.get();
            q.rejectUnknownKeys(QUARANTINE_KEYS);
            maxRatio = q.optionalDouble("max_ratio", 0, 1, "a number from 0 to 1: the share of a run's rows that "
                    + "may be quarantined, e.g. 0.05").orElse(maxRatio);
            tolerate = q.optionalLong("tolerate_rows", 0, Long.MAX_VALUE, "a whole number from 0 to "
                    + Long.MAX_VALUE + ": quarantined rows a run may always have, whatever the ratio")
                    .orElse(tolerate);
        }
        return new RunPolicy(maxRunTime, sourceTimeout, maxRatio, tolerate);
    }

    /** {@code tags}: a mapping of short texts (team: growth, tier: gold), as Feast's tags. */
    private static Map<String, String> tags(YamlMap top) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        top.optionalMap("tags", "{ team: growth, tier: gold }").ifPresent(t -> {
            for (String key : t.keys()) {
                t.requiredString(key, "a text value").ifPresent(v -> tags.put(key, v));
            }
        });
        return tags;
    }

    /**
     * What the JSON Schema of definitions (schema/feature-group.schema.json, the one editors use) finds beyond the
     * checks above: the loader's own message wins for a field both report (it knows more, e.g. the cron parser's
     * reason), so each problem is reported once.
     */
    private static List<DefinitionError> schemaErrors(String file, Node root, List<DefinitionError> found) {
        Set<String> reported = new HashSet<>();
        found.forEach(e -> reported.add(e.field()));
        return DefinitionSchema.validate(file, root).stream()
                .filter(e -> reported.stream().noneMatch(r -> r.equals(e.field()) || e.field().startsWith(r + ".")
                        || e.field().startsWith(r + "[")))
                .toList();
    }

    /** Lines of the fields a later check (the source schema check) reports on. */
    private static Map<String, Integer> lines(YamlMap top, Optional<YamlMap> entity, Optional<YamlMap> source,
                                              List<YamlMap> features) {
        Map<String, Integer> lines = new HashMap<>();
        for (String key : List.of("name", "entity", "source")) {
            top.lineOf(key).ifPresent(l -> lines.put(key, l));
        }
        entity.flatMap(e -> e.lineOf("key")).ifPresent(l -> lines.put("entity.key", l));
        source.ifPresent(s -> {
            for (String key : List.of("connection", "datasource", "query", "timestamp")) {
                s.lineOf(key).ifPresent(l -> lines.put("source." + key, l));
            }
            if (lines.containsKey("source.query")) {
                lines.putIfAbsent("source.timestamp", lines.get("source.query")); // the default column, 'timestamp'
            }
            s.node("incremental").flatMap(i -> YamlMap.lineOfKey(i, "column"))
                    .ifPresent(l -> lines.put("source.incremental.column", l));
        });
        for (int i = 0; i < features.size(); i++) {
            YamlMap f = features.get(i);
            for (String key : List.of("name", "type")) {
                int index = i;
                f.lineOf(key).ifPresent(l -> lines.put("features[" + index + "]." + key, l));
            }
        }
        return lines;
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
        Optional<String> kindName = map.requiredString("kind", "one of " + KIND_NAMES);
        Optional<SourceKind> kind = kindName.flatMap(SourceKinds::find);
        if (kindName.isPresent() && kind.isEmpty()) {
            map.error(map.node("kind").orElseThrow(), map.field("kind"), "unknown source kind '" + kindName.get() + "'",
                    "one of " + KIND_NAMES);
        }
        Set<String> allowed = new java.util.TreeSet<>(COMMON_SOURCE_KEYS);
        kind.ifPresent(k -> allowed.addAll(k.sourceKeys()));
        if (kind.isPresent()) {
            map.rejectUnknownKeys(allowed);
        }
        Optional<String> connection = connection(map, kind);
        Optional<SourceSpec.KindSettings> settings = kind.flatMap(k -> k.parse(map));
        Optional<FieldMapping> fields = fieldMapping(map);
        Optional<String> incremental = Optional.empty();
        Optional<YamlMap> inc = map.optionalMap("incremental", "{ column: updated_at }");
        if (inc.isPresent()) {
            inc.get().rejectUnknownKeys(INCREMENTAL_KEYS);
            incremental = inc.get().requiredString("column", "the field whose values only grow, e.g. updated_at");
            if (incremental.isPresent() && !FIELD_PATH.matcher(incremental.get()).matches()) {
                inc.get().error(inc.get().node("column").orElseThrow(), inc.get().field("column"),
                        "'" + incremental.get() + "' is not a plain field name", FIELD_PATH_HINT);
            }
        }
        if (kind.isEmpty() || connection.isEmpty() || settings.isEmpty() || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SourceSpec(kind.get().name(), connection.get(), fields.get(), incremental,
                settings.get()));
    }

    /** {@code source.connection} (or, for jdbc, its older name {@code datasource}): a configured one of this kind. */
    private Optional<String> connection(YamlMap map, Optional<SourceKind> kind) {
        String key = map.has("connection") || !map.has("datasource") ? "connection" : "datasource";
        if (map.has("connection") && map.has("datasource")) {
            map.error(map.node("datasource").orElseThrow(), map.field("datasource"), "is given together with "
                    + "connection", "connection only (datasource is its older name)");
            return Optional.empty();
        }
        String kindName = kind.map(SourceKind::name).orElse("");
        List<String> ofKind = connections.entrySet().stream().filter(e -> e.getValue().equals(kindName))
                .map(Map.Entry::getKey).sorted().toList();
        String known = ofKind.isEmpty() ? "(no " + kindName + " connection is configured: add fstore.connection.<name>"
                + ".kind = " + kindName + " and its settings)" : String.join(", ", ofKind);
        Optional<String> name = map.requiredString(key, "the name of a configured " + kindName + " connection: "
                + known);
        if (name.isEmpty() || kind.isEmpty()) {
            return Optional.empty();
        }
        String actualKind = connections.get(name.get());
        if (actualKind == null || !actualKind.equals(kindName)) {
            map.error(map.node(key).orElseThrow(), map.field(key), actualKind == null
                    ? "unknown connection '" + name.get() + "'"
                    : "connection '" + name.get() + "' is a " + actualKind + " connection, not " + kindName,
                    "one of " + known + " (configured as fstore.connection.<name>.* in application.properties)");
            return Optional.empty();
        }
        return name;
    }

    /** The common field mapping: entity key, event time (+ unit), created time and per-feature source fields. */
    private static Optional<FieldMapping> fieldMapping(YamlMap map) {
        boolean ok = true;
        Optional<String> entityKey = fieldPath(map, "entity_key");
        String timestamp = fieldPath(map, "timestamp").orElse("timestamp");
        Optional<String> created = fieldPath(map, "created_timestamp");
        Optional<TimestampUnit> unit = Optional.empty();
        Optional<String> unitName = map.optionalString("timestamp_unit");
        if (unitName.isPresent()) {
            try {
                unit = Optional.of(TimestampUnit.valueOf(unitName.get().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                map.error(map.node("timestamp_unit").orElseThrow(), map.field("timestamp_unit"),
                        "unknown unit '" + unitName.get() + "'", "seconds, millis or micros (for event times given as "
                                + "numbers since 1970-01-01)");
                ok = false;
            }
        }
        Map<String, String> featureFields = new java.util.LinkedHashMap<>();
        Optional<YamlMap> mapping = map.optionalMap("field_mapping", "{ source_field: feature_name, address.city: city }");
        if (mapping.isPresent()) {
            for (String source : mapping.get().keys()) {
                Optional<String> feature = mapping.get().requiredString(source, "a feature name of this group");
                if (!FIELD_PATH.matcher(source).matches()) {
                    mapping.get().error(mapping.get().node(source).orElseThrow(), mapping.get().field(source),
                            "'" + source + "' is not a field path", FIELD_PATH_HINT);
                    ok = false;
                } else if (feature.isPresent() && featureFields.put(feature.get(), source) != null) {
                    mapping.get().error(mapping.get().node(source).orElseThrow(), mapping.get().field(source),
                            "feature '" + feature.get() + "' is mapped twice", "one source field per feature");
                    ok = false;
                }
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new FieldMapping(entityKey, timestamp, unit, created, featureFields));
    }

    private static Optional<String> fieldPath(YamlMap map, String key) {
        Optional<String> path = map.optionalString(key);
        if (path.isPresent() && !FIELD_PATH.matcher(path.get()).matches()) {
            map.error(map.node(key).orElseThrow(), map.field(key), "'" + path.get() + "' is not a field path",
                    FIELD_PATH_HINT);
            return Optional.empty();
        }
        return path;
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
            return duration(top, "update_frequency", ONE_SECOND, Durations.MAX,
                    "the time between two runs, from 1s to 36500d, e.g. 5m").map(Trigger.Every::new);
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

    /** An optional duration field from min to max; empty (with an error) when it is not one, or out of range. */
    private static Optional<Duration> duration(YamlMap map, String key, Duration min, Duration max, String expected) {
        Optional<String> text = map.optionalString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(text.get());
        Node at = map.node(key).orElseThrow();
        if (d.isEmpty()) {
            map.error(at, map.field(key), "'" + text.get() + "' is not a duration", Durations.FORMAT);
        } else if (d.get().compareTo(min) < 0) {
            map.error(at, map.field(key), "'" + text.get() + "' is shorter than " + Durations.format(min), expected);
        } else if (d.get().compareTo(max) > 0) {
            map.error(at, map.field(key), "'" + text.get() + "' is longer than " + Durations.format(max), expected);
        } else {
            return d;
        }
        return Optional.empty();
    }

    private List<Feature> features(List<YamlMap> items, Optional<Entity> entity) {
        List<Feature> features = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlMap item : items) {
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
            int dimension = dimension(item, type);
            if (name.isPresent() && type.isPresent() && (type.get() != ValueType.VECTOR || dimension > 0)) {
                String description = item.optionalString("description").orElse("");
                features.add(new Feature(name.get(), type.get(), description, precision, scale, dimension));
            }
        }
        return features;
    }

    /** A vector's required {@code dimension}; 0 for other types, which must not give one. */
    private static int dimension(YamlMap item, Optional<ValueType> type) {
        Optional<Integer> dimension = item.optionalInt("dimension", 1, Feature.MAX_DIMENSION);
        if (type.isPresent() && type.get() == ValueType.VECTOR) {
            if (dimension.isEmpty() && item.node("dimension").isEmpty()) {
                item.error(item.node("type").orElseThrow(), item.field("dimension"),
                        "a vector feature needs its dimension", "dimension: <number of floats>, e.g. dimension: 384");
            }
            return dimension.orElse(0);
        }
        if (type.isPresent() && item.node("dimension").isPresent()) {
            item.error(item.node("dimension").orElseThrow(), item.field("dimension"),
                    "only a vector feature has a dimension", "no dimension, or type: vector");
        }
        return 0;
    }
}
