package io.fstore.probe9;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.DefinitionLoader;
import io.fstore.model.FeatureGroup;
import org.junit.jupiter.api.Test;

/** Review #9: bad mongodb definitions are reported with file:line:field, once each, and good ones load. */
class MongoDefinitionProbeTest {

    private final DefinitionLoader loader = new DefinitionLoader(Map.of("docs", "mongodb", "dw", "jdbc"));

    private static String group(String sourceLines) {
        return "name: g\n"
                + "entity: { name: customer, key: customer_id }\n"
                + "source:\n"
                + "  kind: mongodb\n"
                + sourceLines
                + "schedule: \"0 0 0 1 1 ? 2099\"\n"
                + "features:\n"
                + "  - { name: orders, type: long }\n";
    }

    private List<DefinitionError> errors(String yaml) {
        List<DefinitionError> errors = new ArrayList<>();
        Optional<FeatureGroup> g = loader.parse("features/g.yaml", yaml, errors);
        assertThat(g).as("invalid: no group; errors were %s", errors).isEmpty();
        return errors;
    }

    @Test
    void filter_and_aggregate_together_is_one_error_at_the_aggregate_line() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  filter: { status: active }
                  aggregate: [ { $match: { a: 1 } } ]
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(8);
        assertThat(errors.get(0).field()).isEqualTo("source.aggregate");
        assertThat(errors.get(0).toString()).startsWith("features/g.yaml:8: field 'source.aggregate'");
    }

    @Test
    void a_filter_in_broken_json_text_is_one_error_at_the_filter_line() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  filter: '{"status": "active"'
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(7);
        assertThat(errors.get(0).field()).startsWith("source.filter");
    }

    @Test
    void an_aggregate_in_broken_json_text_is_one_error_at_its_line() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  aggregate: '[{"$match": {"a": 1}},'
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(7);
        assertThat(errors.get(0).field()).startsWith("source.aggregate");
    }

    @Test
    void an_unknown_source_key_is_one_error_at_its_line() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  colection: customers2
                """));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("source.colection");
        assertThat(errors.get(0).line()).isEqualTo(7);
    }

    @Test
    void a_jdbc_key_in_a_mongodb_source_is_rejected() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  query: SELECT 1
                """));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("source.query");
        assertThat(errors.get(0).line()).isEqualTo(7);
    }

    @Test
    void a_mongodb_group_naming_a_jdbc_connection_is_refused_naming_its_kind() {
        List<DefinitionError> errors = errors(group("""
                  connection: dw
                  collection: customers
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(5);
        assertThat(errors.get(0).problem()).contains("jdbc connection, not mongodb");
    }

    @Test
    void a_writing_stage_is_refused() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  aggregate: [ { $out: copy } ]
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(7);
    }

    @Test
    void batch_size_zero_and_text_are_refused_at_their_line() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  batch_size: 0
                """));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("source.batch_size");
        assertThat(errors.get(0).line()).isEqualTo(7);
    }

    @Test
    void the_older_datasource_key_is_jdbc_only_and_a_mongodb_group_using_it_is_told_what_to_write() {
        List<DefinitionError> errors = errors(group("""
                  datasource: docs
                  collection: customers
                  filter: '{"status": "active"}'
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).toString()).isEqualTo("features/g.yaml:5: field 'source.datasource': is not a key "
                + "of a mongodb source; expected connection: <name of a fstore.connection.<name>.kind = mongodb>");
    }

    @Test
    void a_missing_collection_is_one_error_at_the_source_line() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  filter: { a: 1 }
                """));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).field()).isEqualTo("source.collection");
        assertThat(errors.get(0).line()).as("a line, not 0").isPositive();
    }

    @Test
    void a_projection_with_an_aggregate_is_refused() {
        List<DefinitionError> errors = errors(group("""
                  connection: docs
                  collection: customers
                  aggregate: [ { $match: { a: 1 } } ]
                  projection: { a: 1 }
                """));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("source.projection");
        assertThat(errors.get(0).line()).isEqualTo(8);
    }
}
