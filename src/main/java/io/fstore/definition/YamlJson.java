package io.fstore.definition;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A composed YAML document (snakeyaml-engine nodes) as a Jackson tree for a JSON Schema validator, remembering the
 * line of every key and value so that an error at a JSON path ({@code /source/query}, {@code /features/0/type}) can
 * name the line a user wrote it on.
 *
 * <p>Scalars keep the type YAML resolved for them: {@code 12} is a number, {@code true} a boolean, {@code "12"} and
 * {@code 12m} are text, an empty value is null. A key given twice is remembered (JSON has no such thing; the later
 * value is the one validated).
 */
public final class YamlJson {

    /** A key given twice in one mapping: where the second one is. */
    public record DuplicateKey(List<Object> path, int line) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonNode json;
    private final Map<List<Object>, Integer> valueLines = new HashMap<>();
    private final Map<List<Object>, Integer> keyLines = new HashMap<>();
    private final List<DuplicateKey> duplicates = new ArrayList<>();
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

    private YamlJson(Node root) {
        this.json = root == null ? JSON.nullNode() : convert(root, List.of());
    }

    /** The tree of a composed document; a null root (an empty document) becomes a JSON null. */
    public static YamlJson of(Node root) {
        return new YamlJson(root);
    }

    /**
     * Composes one YAML document into nodes as FStore's definition loader does (snakeyaml-engine's default schema).
     *
     * @param label the file name marks and parse errors carry
     * @return the root node, or empty for an empty document
     * @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException when the text is not YAML (marks carry the line)
     */
    public static Optional<Node> compose(String label, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).build();
        Composer composer = new Composer(settings,
                new ParserImpl(settings, new StreamReader(settings, new StringReader(text))));
        return composer.getSingleNode();
    }

    public JsonNode json() {
        return json;
    }

    /** Keys given twice, in document order. */
    public List<DuplicateKey> duplicates() {
        return List.copyOf(duplicates);
    }

    /**
     * The 1-based line of the value at a path (its first line for a block), or of its nearest written ancestor when
     * the path was not written; 0 when nothing on the path has a line.
     */
    public int valueLine(List<Object> path) {
        return nearest(valueLines, path);
    }

    /** The line of the key of the value at a path (the value's line for a list item or the root). */
    public int keyLine(List<Object> path) {
        Integer line = keyLines.get(path);
        return line != null ? line : valueLine(path);
    }

    /** The 1-based line a node starts on, or 0 when it has no mark. */
    public static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static int nearest(Map<List<Object>, Integer> lines, List<Object> path) {
        for (int n = path.size(); n >= 0; n--) {
            Integer line = lines.get(path.subList(0, n));
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private JsonNode convert(Node node, List<Object> path) {
        valueLines.put(path, line(node));
        if (!inProgress.add(node)) {
            return JSON.textNode("(recursive alias)"); // an alias to one of its own ancestors: not data
        }
        try {
            if (node instanceof MappingNode mapping) {
                ObjectNode object = JSON.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    String key = keyText(tuple.getKeyNode());
                    List<Object> child = append(path, key);
                    int keyLine = line(tuple.getKeyNode());
                    if (object.has(key)) {
                        duplicates.add(new DuplicateKey(child, keyLine));
                    }
                    keyLines.put(child, keyLine);
                    object.set(key, convert(tuple.getValueNode(), child));
                }
                return object;
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = JSON.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(convert(items.get(i), append(path, i)));
                }
                return array;
            }
            return scalar((ScalarNode) node);
        } finally {
            inProgress.remove(node);
        }
    }

    private static String keyText(Node key) {
        return key instanceof ScalarNode s ? s.getValue() : "(" + key.getNodeType().name().toLowerCase() + " key)";
    }

    private static List<Object> append(List<Object> path, Object element) {
        List<Object> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(element);
        return List.copyOf(longer);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return JSON.booleanNode(Boolean.parseBoolean(text.trim().toLowerCase()));
        }
        if (Tag.INT.equals(tag)) {
            return integer(text)
                    .<JsonNode>map(n -> n.bitLength() < 64 ? JSON.numberNode(n.longValue()) : JSON.numberNode(n))
                    .orElseGet(() -> JSON.textNode(text));
        }
        if (Tag.FLOAT.equals(tag)) {
            return decimal(text);
        }
        return JSON.textNode(text);
    }

    /** A YAML int: decimal, 0x hexadecimal, 0o octal, with an optional sign and (YAML 1.1) underscores. */
    private static Optional<BigInteger> integer(String text) {
        String t = text.trim().replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.startsWith("0o") || t.startsWith("0O")) {
            radix = 8;
            t = t.substring(2);
        }
        try {
            BigInteger n = new BigInteger(t, radix);
            return Optional.of(negative ? n.negate() : n);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static JsonNode decimal(String text) {
        String t = text.trim().replace("_", "").toLowerCase();
        return switch (t) {
            case ".inf", "+.inf" -> JSON.numberNode(Double.POSITIVE_INFINITY);
            case "-.inf" -> JSON.numberNode(Double.NEGATIVE_INFINITY);
            case ".nan" -> JSON.numberNode(Double.NaN);
            default -> {
                try {
                    yield JSON.numberNode(new BigDecimal(t));
                } catch (NumberFormatException e) {
                    yield JSON.textNode(text);
                }
            }
        };
    }
}
