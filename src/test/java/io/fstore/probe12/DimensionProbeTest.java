package io.fstore.probe12;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.DefinitionLoader;
import io.fstore.definition.DefinitionSchema;
import io.fstore.definition.YamlJson;
import io.fstore.model.FeatureGroup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** `dimension` in the loader and in the JSON Schema editors use: the same definitions accepted and refused. */
class DimensionProbeTest {

    private static final String FILE = "features/g.yaml";
    private static final String BASE = """
            name: g
            entity: { name: customer, key: customer_id }
            source:
              kind: jdbc
              connection: warehouse
              query: SELECT 1
              timestamp: ts
            schedule: "0 */5 * * * ?"
            features:
              - { name: orders, type: long }
              - FEATURE
            """;

    private final DefinitionLoader loader = new DefinitionLoader(Set.of("warehouse"));

    private List<DefinitionError> loaderErrors(String feature) {
        List<DefinitionError> errors = new ArrayList<>();
        Optional<FeatureGroup> g = loader.parse(FILE, BASE.replace("FEATURE", feature), errors);
        assertThat(g.isPresent()).as("a group only without errors: %s", errors).isEqualTo(errors.isEmpty());
        return errors;
    }

    private static List<DefinitionError> schemaErrors(String feature) {
        String yaml = BASE.replace("FEATURE", feature);
        return DefinitionSchema.validate(FILE, YamlJson.compose(FILE, yaml).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ name: e, type: vector }",
        "{ name: e, type: vector, dimension: 0 }",
        "{ name: e, type: vector, dimension: -3 }",
        "{ name: e, type: vector, dimension: 65537 }",
        "{ name: e, type: vector, dimension: 3.5 }",
        "{ name: e, type: vector, dimension: \"3\" }",
        "{ name: e, type: vector, dimension: three }",
        "{ name: e, type: long, dimension: 3 }",
        "{ name: e, type: list<double>, dimension: 3 }"
    })
    void what_the_loader_refuses_the_schema_refuses_on_the_same_field(String feature) {
        List<DefinitionError> loader = loaderErrors(feature);
        List<DefinitionError> schema = schemaErrors(feature);

        assertThat(loader).as("loader").singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("features[1].dimension"));
        assertThat(schema).as("schema (what an editor shows) for %s", feature).isNotEmpty()
                .allSatisfy(e -> assertThat(e.field()).startsWith("features[1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ name: e, type: vector, dimension: 1 }",
        "{ name: e, type: vector, dimension: 65536 }",
        "{ name: e, type: list<long> }",
        "{ name: e, type: list<bool> }"
    })
    void what_the_loader_accepts_the_schema_accepts(String feature) {
        assertThat(loaderErrors(feature)).isEmpty();
        assertThat(schemaErrors(feature)).isEmpty();
    }

    @Test
    void the_dimension_read_is_the_one_written() {
        List<DefinitionError> errors = new ArrayList<>();
        FeatureGroup g = loader.parse(FILE, BASE.replace("FEATURE", "{ name: e, type: vector, dimension: 65536 }"),
                errors).orElseThrow();
        assertThat(g.features().get(1).dimension()).isEqualTo(65_536);
        assertThat(g.features().get(0).dimension()).isZero();
    }
}
