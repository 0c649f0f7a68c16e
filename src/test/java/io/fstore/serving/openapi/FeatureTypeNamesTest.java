package io.fstore.serving.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import io.fstore.model.ValueType;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/** Every {@code type} enum of the OpenAPI document lists exactly the feature types there are. */
class FeatureTypeNamesTest {

    @Test
    void every_type_enum_lists_every_value_type_by_its_yaml_name() throws Exception {
        List<String> names = Arrays.stream(ValueType.values()).map(ValueType::yamlName).toList();

        for (Class<?> model : List.of(FeatureValue.class, FeatureColumn.class, FeatureDefinition.class)) {
            Schema schema = model.getDeclaredField("type").getAnnotation(Schema.class);
            assertThat(schema.allowableValues()).as(model.getSimpleName()).containsExactlyElementsOf(names);
        }
    }
}
