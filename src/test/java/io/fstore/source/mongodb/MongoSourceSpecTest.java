package io.fstore.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.fstore.source.mongodb.MongoSourceSpec.InvalidMongoSourceException;
import io.fstore.source.mongodb.MongoSourceSpec.Problem;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The mongodb keys of a source as snakeyaml-engine reads them from features/*.yaml. */
class MongoSourceSpecTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    private static MongoSourceSpec parse(String text) {
        return MongoSourceSpec.parse("source", yaml(text));
    }

    private static List<Problem> problems(String text) {
        return catchThrowableOfType(InvalidMongoSourceException.class, () -> parse(text)).problems();
    }

    @Test
    void a_find_written_as_yaml_mappings() {
        MongoSourceSpec spec = parse("""
                kind: mongodb
                connection: shop
                database: shop
                collection: customers
                filter:
                  status: active
                  amount: {$gte: 10, $lt: 1.5e3}
                  big: 9000000000
                  updated_at: {$gt: {$date: "2024-01-01T00:00:00Z"}}
                  _id: {$ne: {$oid: "65a1b2c3d4e5f60718293a4b"}}
                  price: {$numberDecimal: "1.10"}
                  note: null
                  tags: {$in: [a, "b \\"quoted\\""]}
                projection: {amount: 1, address.city: 1, _id: 0}
                sort: {amount: -1}
                batch_size: 500
                """);

        assertThat(spec.database()).contains("shop");
        assertThat(spec.collection()).isEqualTo("customers");
        assertThat(spec.isAggregate()).isFalse();
        Document filter = spec.filter();
        assertThat(filter.getString("status")).isEqualTo("active");
        assertThat(filter.get("amount", Document.class)).isEqualTo(new Document("$gte", 10).append("$lt", 1500.0));
        assertThat(filter.get("big")).isEqualTo(9_000_000_000L);
        assertThat(filter.get("updated_at", Document.class).get("$gt"))
                .isEqualTo(Date.from(Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(filter.get("_id", Document.class).get("$ne")).isEqualTo(new ObjectId("65a1b2c3d4e5f60718293a4b"));
        assertThat(filter.get("price")).isEqualTo(new Decimal128(new BigDecimal("1.10")));
        assertThat(filter.containsKey("note")).isTrue();
        assertThat(filter.get("note")).isNull();
        assertThat(filter.get("tags", Document.class).getList("$in", String.class)).containsExactly("a", "b \"quoted\"");
        assertThat(spec.projection()).contains(new Document("amount", 1).append("address.city", 1).append("_id", 0));
        assertThat(spec.sort()).contains(new Document("amount", -1));
        assertThat(spec.aggregate()).isEmpty();
        assertThat(spec.batchSize()).isEqualTo(OptionalInt.of(500));
    }

    @Test
    void the_same_find_written_as_json_text_reads_the_same() {
        MongoSourceSpec fromJson = parse("""
                collection: customers
                filter: '{"status": "active", "updated_at": {"$gt": {"$date": "2024-01-01T00:00:00Z"}}}'
                projection: |
                  {"amount": 1, "_id": 0}
                sort: '{"amount": -1}'
                """);
        MongoSourceSpec fromYaml = parse("""
                collection: customers
                filter: {status: active, updated_at: {$gt: {$date: "2024-01-01T00:00:00Z"}}}
                projection: {amount: 1, _id: 0}
                sort: {amount: -1}
                """);

        assertThat(fromJson).isEqualTo(fromYaml);
        assertThat(fromJson.database()).isEmpty();
        assertThat(fromJson.batchSize()).isEmpty();
    }

    @Test
    void no_filter_reads_every_document() {
        MongoSourceSpec spec = parse("collection: customers");

        assertThat(spec.filter()).isEqualTo(new Document());
        assertThat(spec.projection()).isEmpty();
        assertThat(spec.sort()).isEmpty();
    }

    @Test
    void an_aggregate_as_a_yaml_list_or_as_json_array_text() {
        MongoSourceSpec yamlList = parse("""
                collection: orders
                aggregate:
                  - $match: {status: paid}
                  - $group: {_id: $customer_id, total: {$sum: $amount}}
                """);
        MongoSourceSpec jsonText = parse("""
                collection: orders
                aggregate: '[{"$match": {"status": "paid"}}, {"$group": {"_id": "$customer_id", "total": {"$sum": "$amount"}}}]'
                """);

        List<Document> expected = List.of(new Document("$match", new Document("status", "paid")),
                new Document("$group", new Document("_id", "$customer_id")
                        .append("total", new Document("$sum", "$amount"))));
        assertThat(yamlList.aggregate()).contains(expected);
        assertThat(jsonText.aggregate()).contains(expected);
        assertThat(yamlList.isAggregate()).isTrue();
        assertThat(yamlList.filter()).isEqualTo(new Document());
    }

    @Test
    void a_missing_collection_and_a_bad_batch_size_are_reported_together() {
        assertThat(problems("batch_size: 0")).containsExactly(
                new Problem("source.collection", "is missing", "the collection to read, e.g. collection: customers"),
                new Problem("source.batch_size", "is integer 0",
                        "a whole number from 1 to 100000 (documents per cursor batch)"));
        assertThat(problems("{collection: c, batch_size: '100'}")).containsExactly(
                new Problem("source.batch_size", "is the text '100'",
                        "a whole number from 1 to 100000 (documents per cursor batch)"));
        assertThat(problems("{collection: c, batch_size: 100001}")).extracting(Problem::problem)
                .containsExactly("is integer 100001");
    }

    @Test
    void collection_and_database_must_be_names() {
        assertThat(problems("{collection: [a], database: 'my.db'}")).containsExactly(
                new Problem("source.database", "'my.db' is not a valid database name",
                        "a name without / \\ . space \" $ or NUL"),
                new Problem("source.collection", "is a list", "the collection name as text"));
        assertThat(problems("{collection: '', database: null}")).containsExactly(
                new Problem("source.database", "is empty", "the database name as text"),
                new Problem("source.collection", "is empty text", "the collection name as text"));
    }

    @Test
    void filter_and_aggregate_together_are_refused() {
        assertThat(problems("{collection: c, filter: {a: 1}, aggregate: [{$match: {a: 1}}]}")).containsExactly(
                new Problem("source.aggregate", "is given together with source.filter",
                        "either filter (with optional projection and sort) or aggregate, not both; "
                                + "in a pipeline filter with a $match stage"));
    }

    @Test
    void projection_and_sort_do_not_apply_to_an_aggregate() {
        assertThat(problems("{collection: c, aggregate: [], projection: {a: 1}, sort: {a: 1}}")).containsExactly(
                new Problem("source.projection", "does not apply to an aggregate",
                        "a $project stage in source.aggregate, or filter instead of aggregate"),
                new Problem("source.sort", "does not apply to an aggregate",
                        "a $sort stage in source.aggregate, or filter instead of aggregate"));
    }

    @Test
    void a_filter_that_is_no_mapping_or_broken_json_names_the_key_and_what_to_write() {
        String example = "a mapping such as {status: active, amount: {$gt: 0}} "
                + "or JSON text such as '{\"status\": \"active\"}'";
        assertThat(problems("{collection: c, filter: [a, b]}"))
                .containsExactly(new Problem("source.filter", "is a list", example));
        assertThat(problems("{collection: c, filter: 42}"))
                .containsExactly(new Problem("source.filter", "is integer 42", example));
        assertThat(problems("{collection: c, filter: 'status = active'}"))
                .containsExactly(new Problem("source.filter", "is text that is not a JSON object", example));

        Problem broken = problems("{collection: c, filter: '{\"status\": }'}").get(0);
        assertThat(broken.field()).isEqualTo("source.filter");
        assertThat(broken.problem()).startsWith("is not valid (extended) JSON: ");
        assertThat(broken.expected()).isEqualTo(example);

        Problem badDate = problems("{collection: c, filter: {t: {$gt: {$date: yesterday}}}}").get(0);
        assertThat(badDate.field()).isEqualTo("source.filter");
        assertThat(badDate.problem()).startsWith("is not valid (extended) JSON: ").contains("date");
    }

    @Test
    void a_sort_direction_other_than_1_or_minus_1_is_refused_per_key() {
        assertThat(problems("{collection: c, sort: {a: 1, b: asc, c: 2}}")).containsExactly(
                new Problem("source.sort.b", "is the text 'asc'", "1 (ascending) or -1 (descending)"),
                new Problem("source.sort.c", "is integer 2", "1 (ascending) or -1 (descending)"));
    }

    @Test
    void aggregate_stages_are_checked_one_by_one() {
        String stage = "a stage such as {$match: {status: active}}";
        assertThat(problems("{collection: c, aggregate: {$match: {}}}")).extracting(Problem::field, Problem::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("source.aggregate", "is a mapping"));
        assertThat(problems("{collection: c, aggregate: [{$match: {}}, 7]}"))
                .containsExactly(new Problem("source.aggregate[1]", "is integer 7", stage));
        assertThat(problems("{collection: c, aggregate: [{$match: {}, $project: {a: 1}}]}")).containsExactly(
                new Problem("source.aggregate[0]", "has 2 keys ($match, $project)",
                        "one stage operator per list item, e.g. [{$match: {...}}, {$project: {...}}]"));
        assertThat(problems("{collection: c, aggregate: [{match: {}}]}")).containsExactly(
                new Problem("source.aggregate[0]", "'match' is not a stage operator",
                        "a stage such as $match, $project, $addFields, $group, $unwind, $lookup, $sort"));
        assertThat(problems("{collection: c, aggregate: [{$match: {}}, {$out: copy}]}")).containsExactly(
                new Problem("source.aggregate[1]", "$out writes to a collection",
                        "a read-only pipeline (a feature source only reads): remove the $out stage"));
        assertThat(problems("{collection: c, aggregate: '[{\"$merge\": {\"into\": \"x\"}}]'}"))
                .extracting(Problem::problem).containsExactly("$merge writes to a collection");
        assertThat(problems("{collection: c, aggregate: '[1]'}")).containsExactly(
                new Problem("source.aggregate[0]", "is a JSON int32", "a stage object such as {\"$match\": {}}"));
        assertThat(problems("{collection: c, aggregate: '{\"$match\": {}}'}")).extracting(Problem::problem)
                .containsExactly("is text that is not a JSON array");
        assertThat(problems("{collection: c, aggregate: '[{\"$match\": }]'}")).extracting(Problem::problem)
                .allMatch(p -> p.startsWith("is not a valid (extended) JSON array: "));
    }

    @Test
    void the_exception_message_lists_every_problem() {
        InvalidMongoSourceException e = catchThrowableOfType(InvalidMongoSourceException.class,
                () -> parse("{filter: 1, batch_size: -1}"));

        assertThat(e.getMessage()).isEqualTo("""
                3 problem(s) in the mongodb source:
                  field 'source.collection': is missing; expected the collection to read, e.g. collection: customers
                  field 'source.filter': is integer 1; expected a mapping such as {status: active, amount: {$gt: 0}} \
                or JSON text such as '{"status": "active"}'
                  field 'source.batch_size': is integer -1; expected a whole number from 1 to 100000 (documents per \
                cursor batch)""");
    }

    @Test
    void the_spec_keys_are_the_documented_ones() {
        assertThat(MongoSourceSpec.KEYS).containsExactlyInAnyOrder("database", "collection", "filter", "projection",
                "sort", "aggregate", "batch_size");
        assertThat(parse("{collection: c}")).isEqualTo(new MongoSourceSpec(Optional.empty(), "c", new Document(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty()));
    }
}
