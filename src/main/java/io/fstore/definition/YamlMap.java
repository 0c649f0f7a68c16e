package io.fstore.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping read field by field, remembering line numbers so that every error names the file, the line and
 * the dotted field path. Errors are collected, not thrown, so a user sees all of them at once.
 */
public final class YamlMap {

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();
    private final List<DefinitionError> errors;

    public YamlMap(String file, String path, Node node, List<DefinitionError> errors) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.errors = errors;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                if (fields.put(key, tuple) != null) {
                    error(tuple.getKeyNode(), field(key), "is given twice", "each key once");
                }
            }
        }
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public int line() {
        return line(node);
    }

    public static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public void error(Node at, String field, String problem, String expected) {
        errors.add(new DefinitionError(file, line(at), field, problem, expected));
    }

    public void errorHere(String field, String problem, String expected) {
        error(node, field, problem, expected);
    }

    public void rejectUnknownKeys(Set<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                error(e.getValue().getKeyNode(), field(e.getKey()), "unknown key",
                        "one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** The keys of this mapping, in file order. */
    public List<String> keys() {
        return List.copyOf(fields.keySet());
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    public Optional<Node> node(String key) {
        return Optional.ofNullable(fields.get(key)).map(NodeTuple::getValueNode);
    }

    public Optional<String> optionalString(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        error(value.get(), field(key), "must be a single value", "a string");
        return Optional.empty();
    }

    public Optional<String> requiredString(String key, String expected) {
        if (!has(key)) {
            error(node, field(key), "is missing", expected);
            return Optional.empty();
        }
        Optional<String> value = optionalString(key);
        if (value.isPresent() && value.get().isBlank()) {
            error(node(key).orElseThrow(), field(key), "is empty", expected);
            return Optional.empty();
        }
        return value;
    }

    public Optional<YamlMap> requiredMap(String key, String expected) {
        if (!has(key)) {
            error(node, field(key), "is missing", expected);
            return Optional.empty();
        }
        return optionalMap(key, expected);
    }

    public Optional<YamlMap> optionalMap(String key, String expected) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof MappingNode)) {
            error(value.get(), field(key), "must be a mapping", expected);
            return Optional.empty();
        }
        return Optional.of(new YamlMap(file, field(key), value.get(), errors));
    }

    public List<YamlMap> requiredListOfMaps(String key, String expected) {
        if (!has(key)) {
            error(node, field(key), "is missing", expected);
            return List.of();
        }
        Node value = node(key).orElseThrow();
        if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            error(value, field(key), "must be a non-empty list", expected);
            return List.of();
        }
        List<YamlMap> items = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String itemPath = field(key) + "[" + i + "]";
            if (item instanceof MappingNode) {
                items.add(new YamlMap(file, itemPath, item, errors));
            } else {
                errors.add(new DefinitionError(file, line(item), itemPath, "must be a mapping", expected));
            }
        }
        return items;
    }

    public Optional<Boolean> optionalBoolean(String key) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                error(node(key).orElseThrow(), field(key), "is '" + value.get() + "'", "true or false");
                yield Optional.empty();
            }
        };
    }

    public Optional<Integer> optionalInt(String key, int min, int max) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        error(node(key).orElseThrow(), field(key), "is '" + value.get() + "'",
                "a whole number from " + min + " to " + max);
        return Optional.empty();
    }

    public Optional<Long> optionalLong(String key, long min, long max, String expected) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(value.get().trim());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        error(node(key).orElseThrow(), field(key), "is '" + value.get() + "'", expected);
        return Optional.empty();
    }

    /** A finite decimal number from min to max inclusive ({@code 0.05}, {@code 1}, {@code 5e-2}). */
    public Optional<Double> optionalDouble(String key, double min, double max, String expected) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().trim();
        if (text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            double d = Double.parseDouble(text);
            if (d >= min && d <= max) {
                return Optional.of(d);
            }
        }
        error(node(key).orElseThrow(), field(key), "is '" + value.get() + "'", expected);
        return Optional.empty();
    }

    /** The line of a key's value, when the key is given. */
    public Optional<Integer> lineOf(String key) {
        return node(key).map(YamlMap::line);
    }

    /** The line of a key's value inside a mapping node, when the node is a mapping holding that key. */
    public static Optional<Integer> lineOfKey(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                    return Optional.of(line(t.getValueNode()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The value of {@code key} as plain Java (maps, lists, strings, numbers, booleans, null as YAML's core schema
     * reads them), for kinds that hand a structure to their component (a MongoDB filter, say).
     */
    public Optional<Object> plainValue(String key) {
        return node(key).map(n -> new org.snakeyaml.engine.v2.constructor.StandardConstructor(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).constructSingleDocument(Optional.of(n)));
    }
}
