package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import io.fstore.definition.YamlJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Every {@code routes/**}{@code /*.camel.yaml} is checked against Camel's YAML DSL JSON Schema, the one the
 * camel-yaml-dsl jar ships ({@code schema/camelYamlDsl.json}, draft-04), with the json-schema-validator that checks
 * feature definitions. A failure names the file, the line and what the schema says.
 *
 * <p>Scalars are read the way the Camel runtime reads them: the model's fields are text and Camel converts them when
 * the route starts, so {@code constant: false} and {@code streaming: "true"} both run. The schema types scalar options
 * (string, boolean, number) from the model, so a string option here also takes a YAML number or boolean, and a
 * boolean or number option also takes its text form or a {@code {{placeholder}}}; text that Camel could not convert
 * ({@code streaming: "yes please"}) is still an error. Everything structural stays as strict as the schema: unknown
 * steps and options, a mapping where a list belongs, a missing required option.
 */
class RoutesSchemaTest {

    private static final Path ROUTES = Path.of("routes");
    private static final String CAMEL_SCHEMA = "schema/camelYamlDsl.json";
    private static final String BOOLEAN_TEXT = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$|\\{\\{.+}}";
    private static final String NUMBER_TEXT = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$|\\{\\{.+}}";
    private static final int MOST_ERRORS_SHOWN = 40;

    private static Schema schema;

    @BeforeAll
    static void loadCamelSchema() throws IOException {
        JsonNode document;
        try (InputStream in = RoutesSchemaTest.class.getClassLoader().getResourceAsStream(CAMEL_SCHEMA)) {
            assertThat(in).as(CAMEL_SCHEMA + " from camel-yaml-dsl on the classpath").isNotNull();
            document = new ObjectMapper().readTree(in);
        }
        assertThat(document.path("$schema").asText()).startsWith("http://json-schema.org/draft-04/schema");
        relaxScalars(document);
        // Camel's schema marks options 'deprecated': an annotation, not a check
        Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new NonValidationKeyword("deprecated")).build();
        schema = SchemaRegistry.withDefaultDialect(draft4).getSchema(document);
    }

    /** Every route file Camel loads from routes/ (all folders), picked up as the folder changes. */
    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(ROUTES)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @Test
    void finds_the_route_files_in_every_folder_of_routes() throws IOException {
        List<Path> files = routeFiles();

        assertThat(files).contains(ROUTES.resolve("errors.camel.yaml"), ROUTES.resolve("api/online.camel.yaml"));
        assertThat(files).anyMatch(p -> p.startsWith(ROUTES.resolve("templates")))
                .anyMatch(p -> p.startsWith(ROUTES.resolve("pipeline")));
    }

    @TestFactory
    Stream<DynamicTest> every_route_file_matches_camels_yaml_dsl_schema() throws IOException {
        return routeFiles().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            List<String> errors = check(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            assertThat(errors).as("%s does not match Camel's YAML DSL schema:\n  %s", file,
                    String.join("\n  ", errors)).isEmpty();
        }));
    }

    @Test
    void an_unknown_step_is_reported_with_its_file_line_and_key() {
        String route = """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setProperty:
                            name: fstoreGroup
                            constant: g
                        - sendTo:
                            uri: direct:elsewhere
                """;

        List<String> errors = check("routes/broken.camel.yaml", route);

        assertThat(errors).isNotEmpty()
                .anyMatch(e -> e.startsWith("routes/broken.camel.yaml:9: /0/route/from/steps/1: ")
                        && e.contains("'sendTo'"));
    }

    @Test
    void an_unknown_option_of_a_known_step_is_reported_on_its_line() {
        String route = """
                - route:
                    from:
                      uri: direct:broken
                      steps:
                        - split:
                            simple: ${body}
                            streaming: true
                            stopOnError: true
                            steps:
                              - to: direct:next
                """;

        List<String> errors = check("routes/broken.camel.yaml", route);

        assertThat(errors).isNotEmpty()
                .anyMatch(e -> e.startsWith("routes/broken.camel.yaml:8: /0/route/from/steps/0/split: ")
                        && e.contains("'stopOnError'"));
    }

    @Test
    void steps_written_as_a_mapping_instead_of_a_list_are_reported() {
        String route = """
                - from:
                    uri: direct:broken
                    steps:
                      log: hi
                """;

        List<String> errors = check("routes/broken.camel.yaml", route);

        assertThat(errors).anyMatch(e -> e.startsWith("routes/broken.camel.yaml:4: /0/from/steps: ")
                && e.contains("array"));
    }

    @Test
    void scalars_are_read_as_the_camel_runtime_reads_them_but_unconvertible_text_is_reported() {
        String runs = """
                - route:
                    from:
                      uri: direct:scalars
                      steps:
                        - setProperty:
                            name: done
                            constant: false
                        - split:
                            simple: ${body}
                            streaming: "true"
                            parallelProcessing: "{{parallel}}"
                            steps:
                              - to: direct:next
                """;
        String doesNotRun = runs.replace("streaming: \"true\"", "streaming: \"yes please\"");

        assertThat(check("routes/scalars.camel.yaml", runs)).isEmpty();
        assertThat(check("routes/scalars.camel.yaml", doesNotRun))
                .containsExactly("routes/scalars.camel.yaml:10: /0/route/from/steps/1/split/streaming: "
                        + "'yes please' is not a boolean: write true, false or a {{placeholder}}");
    }

    /** The schema's problems with one route file, each as "file:line: /json/pointer: message", in line order. */
    private static List<String> check(String file, String text) {
        YamlJson tree;
        try {
            tree = YamlJson.of(YamlJson.compose(file, text).orElse(null));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            return List.of(file + ":" + line + ": is not valid YAML: " + e.getProblem());
        }
        record Found(int line, String text) {
        }
        List<Found> found = new ArrayList<>();
        for (YamlJson.DuplicateKey d : tree.duplicates()) {
            found.add(new Found(d.line(), file + ":" + d.line() + ": " + pointer(d.path()) + ": key given twice"));
        }
        for (Error e : schema.validate(tree.json())) {
            List<Object> at = elements(e.getInstanceLocation());
            int line;
            if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                List<Object> key = new ArrayList<>(at);
                key.add(e.getProperty());
                line = tree.keyLine(key);
            } else {
                line = tree.valueLine(at);
            }
            found.add(new Found(line, file + ":" + line + ": " + pointer(at) + ": " + message(e)));
        }
        Set<String> lines = new LinkedHashSet<>();
        found.stream().sorted(Comparator.comparingInt(Found::line)).forEach(f -> lines.add(f.text()));
        List<String> shown = new ArrayList<>(lines);
        if (shown.size() > MOST_ERRORS_SHOWN) {
            int more = shown.size() - MOST_ERRORS_SHOWN;
            shown = new ArrayList<>(shown.subList(0, MOST_ERRORS_SHOWN));
            shown.add("... and " + more + " more");
        }
        return shown;
    }

    /** The validator's message, said in Camel's words for the text forms {@link #relaxScalars} lets in. */
    private static String message(Error e) {
        String pattern = e.getSchemaNode() == null ? "" : e.getSchemaNode().asText();
        String value = e.getInstanceNode() == null ? "" : e.getInstanceNode().asText();
        if ("pattern".equals(e.getKeyword()) && pattern.equals(BOOLEAN_TEXT)) {
            return "'" + value + "' is not a boolean: write true, false or a {{placeholder}}";
        }
        if ("pattern".equals(e.getKeyword()) && pattern.equals(NUMBER_TEXT)) {
            return "'" + value + "' is not a number: write a number or a {{placeholder}}";
        }
        return e.getMessage();
    }

    /**
     * Lets scalar options take what the Camel runtime takes (see the class comment): {@code type: string} becomes
     * string, number or boolean; {@code type: boolean} and {@code type: number} also take their text forms and
     * property placeholders. Only the {@code type} keyword of schemas is touched (not properties named "type").
     */
    private static void relaxScalars(JsonNode node) {
        if (node instanceof ObjectNode schemaObject) {
            JsonNode type = schemaObject.get("type");
            if (type != null && type.isTextual()) {
                switch (type.asText()) {
                    case "string" -> schemaObject.set("type", types("string", "number", "boolean"));
                    case "boolean" -> relaxToText(schemaObject, "boolean", BOOLEAN_TEXT);
                    case "number" -> relaxToText(schemaObject, "number", NUMBER_TEXT);
                    case "integer" -> relaxToText(schemaObject, "integer", NUMBER_TEXT);
                    default -> {
                    }
                }
            }
            schemaObject.fields().forEachRemaining(f -> {
                if (f.getKey().equals("properties")) {
                    f.getValue().fields().forEachRemaining(p -> relaxScalars(p.getValue()));
                } else if (!f.getKey().equals("type") && !f.getKey().equals("enum") && !f.getKey().equals("default")) {
                    relaxScalars(f.getValue());
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(RoutesSchemaTest::relaxScalars);
        }
    }

    private static void relaxToText(ObjectNode schemaObject, String type, String textPattern) {
        if (schemaObject.has("pattern")) {
            throw new IllegalStateException("a " + type + " schema with a pattern: " + schemaObject);
        }
        schemaObject.set("type", types(type, "string"));
        schemaObject.put("pattern", textPattern);
    }

    private static ArrayNode types(String... names) {
        ArrayNode array = new ObjectMapper().createArrayNode();
        for (String name : names) {
            array.add(name);
        }
        return array;
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

    private static String pointer(List<Object> path) {
        StringBuilder b = new StringBuilder();
        for (Object element : path) {
            b.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
        }
        return b.length() == 0 ? "/" : b.toString();
    }
}
