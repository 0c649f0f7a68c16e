package io.fstore.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Checks one feature group definition against the JSON Schema of the format, {@value #RESOURCE} on the classpath
 * (the same file as {@code schema/feature-group.schema.json} in the repository, which editors use), with
 * com.networknt:json-schema-validator (draft-07). Every problem comes back as a {@link DefinitionError} with the line
 * of the key or value it is about, the dotted field ({@code source.query}, {@code features[1].type}), what is wrong
 * and what to write instead.
 *
 * <p>The schema checks shape: keys, types, enums, name and duration syntax, the keys of each source kind, and the
 * pairs that exclude each other. What a schema cannot check (a cron's fields, a duration's range, that a connection
 * is configured, features named twice) is left to the loader.
 */
public final class DefinitionSchema {

    /** Where the schema is on the classpath (and, from the repository root, in the source tree). */
    public static final String RESOURCE = "schema/feature-group.schema.json";
    /** VS Code's message keywords the schema uses; annotations here. */
    private static final List<String> MESSAGE_KEYWORDS = List.of("errorMessage", "patternErrorMessage");
    private static final String EXPECTED = "; expected ";
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$-]+");
    private static final int LONGEST_QUOTED_VALUE = 60;
    /** The end of a description's first sentence (not the dot of "e.g. 5m"). */
    private static final Pattern FIRST_SENTENCE = Pattern.compile("(?<=\\.)\\s+(?=[A-Z])");

    private final SchemaRegistry registry;
    private final JsonNode schemaNode;
    private final Schema schema;
    private final Map<JsonNode, Schema> conditions = new IdentityHashMap<>();

    private DefinitionSchema() {
        Dialect draft7 = Dialects.getDraft7();
        Dialect.Builder dialect = Dialect.builder(draft7);
        MESSAGE_KEYWORDS.forEach(k -> dialect.keyword(new NonValidationKeyword(k)));
        this.registry = SchemaRegistry.withDefaultDialect(dialect.build());
        try (InputStream in = DefinitionSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            this.schemaNode = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        this.schema = registry.getSchema(schemaNode);
    }

    private static final class Holder {
        private static final DefinitionSchema INSTANCE = new DefinitionSchema();
    }

    /**
     * Validates one composed definition.
     *
     * @param file the file name the errors carry
     * @param root the document's root node as composed by snakeyaml-engine; null for an empty document
     * @return every problem, ordered by line; empty when the definition has the schema's shape
     */
    public static List<DefinitionError> validate(String file, Node root) {
        return Holder.INSTANCE.check(file, YamlJson.of(root));
    }

    /** The schema as a JSON tree (for tests and tools that list keys or defaults). */
    public static JsonNode schema() {
        return Holder.INSTANCE.schemaNode.deepCopy();
    }

    private List<DefinitionError> check(String file, YamlJson tree) {
        Set<DefinitionError> errors = new LinkedHashSet<>();
        for (YamlJson.DuplicateKey d : tree.duplicates()) {
            errors.add(new DefinitionError(file, d.line(), field(d.path()), "is given twice", "each key once"));
        }
        List<Error> found;
        synchronized (this) {
            found = schema.validate(tree.json());
        }
        for (Error e : found) {
            errors.add(translate(file, tree, e));
        }
        return errors.stream()
                .sorted(Comparator.comparingInt(DefinitionError::line).thenComparing(DefinitionError::field))
                .toList();
    }

    private DefinitionError translate(String file, YamlJson tree, Error e) {
        List<Object> at = elements(e.getInstanceLocation());
        JsonNode value = e.getInstanceNode();
        JsonNode keywordSchema = schemaAt(e.getSchemaLocation().getFragment()); // the subschema holding the keyword
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "additionalProperties": {
                List<Object> key = append(at, e.getProperty());
                return new DefinitionError(file, tree.keyLine(key), field(key), "unknown key",
                        "one of " + String.join(", ", allowedKeys(keywordSchema, value)));
            }
            case "required": {
                List<Object> key = append(at, e.getProperty());
                return new DefinitionError(file, tree.valueLine(at), field(key), "is missing",
                        describeMissing(propertySchema(key)));
            }
            case "not": {
                String message = text(keywordSchema, "errorMessage");
                int cut = message.indexOf(EXPECTED);
                String problem = cut < 0 ? (message.isEmpty() ? "is not allowed here" : message) : message.substring(0, cut);
                String expected = cut < 0 ? "" : message.substring(cut + EXPECTED.length());
                return new DefinitionError(file, tree.keyLine(at), field(at), problem, expected);
            }
            case "propertyNames": {
                List<Object> key = append(at, e.getProperty());
                JsonNode names = resolve(keywordSchema.path("propertyNames"));
                String title = text(names, "title");
                String problem = "'" + e.getProperty() + "' is not " + (title.isEmpty() ? "a valid key" : title);
                String expected = text(names, "patternErrorMessage");
                return new DefinitionError(file, tree.keyLine(key), field(key), problem,
                        expected.isEmpty() ? "a non-empty key" : expected);
            }
            case "type":
                return new DefinitionError(file, tree.valueLine(at), field(at), describeValue(value),
                        describeExpected(propertySchema(at), value));
            case "enum":
                return new DefinitionError(file, tree.valueLine(at), field(at), describeValue(value),
                        oneOf(keywordSchema.path("enum")));
            case "pattern": {
                String title = text(keywordSchema, "title");
                String problem = describeValue(value) + (title.isEmpty() ? "" : ", not " + title);
                if (value.isTextual() && value.asText().isBlank()) {
                    problem = "is empty";
                }
                return new DefinitionError(file, tree.valueLine(at), field(at), problem,
                        describeExpected(propertySchema(at), value));
            }
            case "minItems":
                return new DefinitionError(file, tree.valueLine(at), field(at),
                        value.isEmpty() ? "is an empty list" : "has too few items",
                        describeExpected(propertySchema(at), value));
            case "minLength":
                return new DefinitionError(file, tree.valueLine(at), field(at), "is empty",
                        describeExpected(propertySchema(at), value));
            default:
                return new DefinitionError(file, tree.valueLine(at), field(at), describeValue(value),
                        describeExpected(propertySchema(at), value));
        }
    }

    /**
     * The keys an object may hold: its schema's properties, less those its kind rules out (an {@code allOf} entry
     * whose {@code if} holds for this object and whose {@code then} forbids the key with {@code not: {}}).
     */
    private List<String> allowedKeys(JsonNode objectSchema, JsonNode object) {
        Set<String> keys = new TreeSet<>();
        objectSchema.path("properties").fieldNames().forEachRemaining(keys::add);
        for (JsonNode part : objectSchema.path("allOf")) {
            if (part.has("if") && holds(part.get("if"), object)) {
                part.path("then").path("properties").fields().forEachRemaining(p -> {
                    if (p.getValue().has("not")) {
                        keys.remove(p.getKey());
                    }
                });
            }
        }
        return List.copyOf(keys);
    }

    private synchronized boolean holds(JsonNode condition, JsonNode instance) {
        Schema compiled = conditions.computeIfAbsent(condition, registry::getSchema);
        return compiled.validate(instance).isEmpty();
    }

    /** The subschema at a JSON pointer into the schema document ({@code /definitions/source/allOf/0/then/...}). */
    private JsonNode schemaAt(NodePath fragment) {
        JsonNode node = schemaNode;
        List<Object> path = elements(fragment);
        for (int i = 0; i < path.size() - 1; i++) { // the last element is the keyword itself
            Object element = path.get(i);
            node = element instanceof Integer n ? node.path(n) : node.path(String.valueOf(element));
        }
        return node;
    }

    /**
     * The schema a value at an instance path is declared with, as written (a {@code $ref} with its title and
     * description beside it), found by walking properties, additionalProperties and items from the root.
     */
    private JsonNode propertySchema(List<Object> instancePath) {
        JsonNode node = schemaNode;
        for (Object element : instancePath) {
            JsonNode resolved = resolve(node);
            if (element instanceof Integer) {
                node = resolved.path("items");
            } else if (resolved.path("properties").has((String) element)) {
                node = resolved.path("properties").path((String) element);
            } else {
                node = resolved.path("additionalProperties");
            }
            if (node.isMissingNode() || node.isBoolean()) {
                return node;
            }
        }
        return node;
    }

    /** A schema with its {@code $ref} followed (local references only, as the schema has). */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            current = ref.startsWith("#") ? schemaNode.at(ref.substring(1)) : current.path("(unresolvable)");
        }
        return current;
    }

    /**
     * What to write for a missing key: the values of an enum, else the first sentence of its description (which
     * says what the value is) with its first example when that is short.
     */
    private String describeMissing(JsonNode property) {
        JsonNode resolved = resolve(property);
        if (resolved.has("enum")) {
            return oneOf(resolved.get("enum"));
        }
        String description = text(property, "description");
        if (description.isEmpty()) {
            return describeExpected(property, null);
        }
        String first = FIRST_SENTENCE.split(description, 2)[0];
        first = first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
        String text = Character.toLowerCase(first.charAt(0)) + first.substring(1);
        JsonNode example = property.path("examples").path(0);
        if (!example.isMissingNode() && !text.contains("e.g.")) {
            String shown = flow(example);
            if (shown.length() <= LONGEST_QUOTED_VALUE) {
                text += ", e.g. " + shown;
            }
        }
        return text;
    }

    /** A value as YAML flow text: {@code { name: customer, key: customer_id }}, {@code [ a, b ]}, {@code 5m}. */
    private static String flow(JsonNode value) {
        if (value.isObject()) {
            List<String> entries = new ArrayList<>();
            value.fields().forEachRemaining(f -> entries.add(f.getKey() + ": " + flow(f.getValue())));
            return entries.isEmpty() ? "{}" : "{ " + String.join(", ", entries) + " }";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(flow(v)));
            return items.isEmpty() ? "[]" : "[ " + String.join(", ", items) + " ]";
        }
        String text = value.asText();
        return value.isTextual() && !text.matches("[\\w.@-]+")
                ? "\"" + text.replace("\"", "\\\"") + "\"" : text;
    }

    /** What a value must look like, from its schema: the enum, the pattern's message, the type and range. */
    private String describeExpected(JsonNode property, JsonNode actual) {
        JsonNode s = resolve(property);
        String text;
        if (s.has("enum")) {
            text = oneOf(s.get("enum"));
        } else if (s.has("patternErrorMessage")) {
            text = s.get("patternErrorMessage").asText();
        } else {
            text = describeType(s);
        }
        List<String> types = types(s);
        boolean quotedWouldDo = !s.has("pattern") || Pattern.compile(s.get("pattern").asText())
                .matcher(actual == null ? "" : actual.asText()).find();
        if (types.contains("string") && actual != null && (actual.isNumber() || actual.isBoolean()) && quotedWouldDo) {
            text += " (in quotes: \"" + actual.asText() + "\")";
        }
        return text;
    }

    private static String describeType(JsonNode s) {
        List<String> types = types(s);
        if (types.equals(List.of("integer")) || types.equals(List.of("number"))) {
            String what = types.get(0).equals("integer") ? "a whole number" : "a number";
            if (s.has("minimum") && s.has("maximum")) {
                return what + " from " + s.get("minimum").asText() + " to " + s.get("maximum").asText();
            }
            return s.has("minimum") ? what + " from " + s.get("minimum").asText() : what;
        }
        List<String> names = types.stream().map(t -> switch (t) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "string" -> types.size() > 1 ? "JSON text" : "text";
            case "boolean" -> "true or false";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            default -> t;
        }).toList();
        return names.isEmpty() ? "a value as the schema describes" : String.join(" or ", names);
    }

    private static List<String> types(JsonNode s) {
        JsonNode type = s.path("type");
        if (type.isTextual()) {
            return List.of(type.asText());
        }
        List<String> types = new ArrayList<>();
        type.forEach(t -> types.add(t.asText()));
        return types;
    }

    private static String describeValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "is empty";
        }
        if (value.isObject()) {
            return "is a mapping";
        }
        if (value.isArray()) {
            return "is a list";
        }
        if (value.isNumber()) {
            return "is the number " + value.asText();
        }
        if (value.isBoolean()) {
            return "is " + value.asText();
        }
        String text = value.asText();
        if (text.isBlank()) {
            return "is empty";
        }
        String shown = text.length() > LONGEST_QUOTED_VALUE ? text.substring(0, LONGEST_QUOTED_VALUE) + "..." : text;
        return "is '" + shown.replace("\n", " ") + "'";
    }

    private static String oneOf(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return "one of " + String.join(", ", names);
    }

    private static String text(JsonNode node, String key) {
        return node.path(key).asText("");
    }

    private static List<Object> elements(NodePath path) {
        List<Object> elements = new ArrayList<>();
        if (path != null) {
            for (int i = 0; i < path.getNameCount(); i++) {
                elements.add(path.getElement(i));
            }
        }
        return elements;
    }

    private static List<Object> append(List<Object> path, Object element) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(element);
        return longer;
    }

    /**
     * A path as a user reads it: {@code source.query}, {@code features[1].type},
     * {@code source.field_mapping["address.city"]}; the document itself is {@code (file)}.
     */
    static String field(List<Object> path) {
        if (path.isEmpty()) {
            return "(file)";
        }
        StringBuilder b = new StringBuilder();
        for (Object element : path) {
            if (element instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else if (PLAIN_KEY.matcher(String.valueOf(element)).matches()) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(element);
            } else {
                b.append("[\"").append(element).append("\"]");
            }
        }
        return b.toString();
    }
}
