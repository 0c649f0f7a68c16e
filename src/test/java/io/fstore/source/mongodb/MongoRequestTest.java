package io.fstore.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class MongoRequestTest {

    private static final Optional<String> UPDATED_AT = Optional.of("updated_at");

    @SuppressWarnings("unchecked")
    private static MongoSourceSpec spec(String yaml) {
        return MongoSourceSpec.parse("source",
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml));
    }

    private static Document doc(String json) {
        return Document.parse(json);
    }

    @Test
    void a_full_read_passes_the_user_find_through() {
        MongoRequest r = MongoRequest.of(spec("{collection: c, filter: {status: active}, sort: {amount: -1}}"),
                Optional.empty(), Optional.empty(), List.of(), 1000);

        assertThat(r.aggregate()).isFalse();
        assertThat(r.operation()).isEqualTo("findAll");
        assertThat(r.body()).isEqualTo(doc("{status: 'active'}"));
        assertThat(r.sort()).isEqualTo(doc("{amount: -1}"));
        assertThat(r.projection()).isNull();
        assertThat(r.batchSize()).isEqualTo(1000);
        assertThat(r.headers()).containsExactly(Map.entry("CamelMongoDbOperation", "findAll"),
                Map.entry("CamelMongoDbBatchSize", 1000), Map.entry("CamelMongoDbSortBy", doc("{amount: -1}")));
    }

    @Test
    void a_checkpoint_is_anded_with_the_user_filter_and_an_instant_binds_as_a_date() {
        Instant checkpoint = Instant.parse("2024-03-01T10:00:00.123Z");

        MongoRequest r = MongoRequest.of(spec("{collection: c, filter: {status: active}, batch_size: 50}"),
                UPDATED_AT, Optional.of(checkpoint), List.of(), 1000);

        assertThat(r.filter()).isEqualTo(new Document("$and", List.of(doc("{status: 'active'}"),
                new Document("updated_at", new Document("$gt", Date.from(checkpoint))))));
        assertThat(r.sort()).isEqualTo(doc("{updated_at: 1}"));
        assertThat(r.batchSize()).isEqualTo(50);
    }

    @Test
    void without_a_user_filter_the_checkpoint_condition_is_the_filter() {
        MongoRequest r = MongoRequest.of(spec("{collection: c}"), UPDATED_AT, Optional.of(17L), List.of(), 10);

        assertThat(r.filter()).isEqualTo(doc("{updated_at: {$gt: {$numberLong: '17'}}}"));
    }

    @Test
    void the_first_incremental_run_keeps_the_user_filter_and_sorts_by_the_checkpoint_field() {
        MongoRequest r = MongoRequest.of(spec("{collection: c, filter: {a: 1}}"), UPDATED_AT, Optional.empty(),
                List.of(), 10);

        assertThat(r.filter()).isEqualTo(doc("{a: 1}"));
        assertThat(r.sort()).isEqualTo(doc("{updated_at: 1}"));
    }

    @Test
    void the_checkpoint_order_wins_over_the_user_sort_which_breaks_ties() {
        MongoRequest r = MongoRequest.of(spec("{collection: c, sort: {amount: -1, updated_at: -1, name: 1}}"),
                UPDATED_AT, Optional.empty(), List.of(), 10);

        assertThat(r.sort()).isEqualTo(doc("{updated_at: 1, amount: -1, name: 1}"));
        assertThat(List.copyOf(r.sort().keySet())).containsExactly("updated_at", "amount", "name");
    }

    @Test
    void checkpoint_values_bind_as_the_bson_type_mongodb_compares() {
        ObjectId id = new ObjectId();
        assertThat(MongoRequest.bindValue("f", Instant.parse("2024-01-01T00:00:00.000999Z")))
                .isEqualTo(Date.from(Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(MongoRequest.bindValue("f", new BigDecimal("1.50"))).isEqualTo(new Decimal128(new BigDecimal("1.50")));
        assertThat(MongoRequest.bindValue("f", 5L)).isEqualTo(5L);
        assertThat(MongoRequest.bindValue("f", 5)).isEqualTo(5);
        assertThat(MongoRequest.bindValue("f", 2.5)).isEqualTo(2.5);
        assertThat(MongoRequest.bindValue("f", "k9")).isEqualTo("k9");
        assertThat(MongoRequest.bindValue("f", id)).isSameAs(id);
        assertThatThrownBy(() -> MongoRequest.bindValue("f", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint field f has a value of type java.lang.Boolean; "
                        + "use a date, number, text or ObjectId field as the checkpoint");
        assertThatThrownBy(() -> MongoRequest.of(spec("{collection: c}"), Optional.empty(), Optional.of(1L),
                List.of(), 10)).hasMessage("a checkpoint value needs the incremental field it belongs to");
    }

    @Test
    void an_aggregate_gets_the_checkpoint_match_and_sort_after_its_own_stages() {
        MongoSourceSpec s = spec("{collection: c, aggregate: [{$match: {status: paid}}, {$project: {amount: 1, updated_at: 1}}]}");

        MongoRequest r = MongoRequest.of(s, UPDATED_AT, Optional.of(Instant.parse("2024-01-01T00:00:00Z")),
                List.of("amount"), 200);

        assertThat(r.aggregate()).isTrue();
        assertThat(r.operation()).isEqualTo("aggregate");
        assertThat(r.body()).isEqualTo(List.of(
                doc("{$match: {status: 'paid'}}"),
                doc("{$project: {amount: 1, updated_at: 1}}"),
                new Document("$match", new Document("updated_at",
                        new Document("$gt", Date.from(Instant.parse("2024-01-01T00:00:00Z"))))),
                doc("{$sort: {updated_at: 1}}")));
        assertThat(r.allowDiskUse()).isTrue();
        assertThat(r.headers()).containsExactly(Map.entry("CamelMongoDbOperation", "aggregate"),
                Map.entry("CamelMongoDbBatchSize", 200), Map.entry("CamelMongoDbAllowDiskUse", true));
    }

    @Test
    void an_aggregate_without_incremental_field_is_the_users_pipeline() {
        MongoRequest r = MongoRequest.of(spec("{collection: c, aggregate: [{$match: {a: 1}}]}"), Optional.empty(),
                Optional.empty(), List.of(), 10);

        assertThat(r.body()).isEqualTo(List.of(doc("{$match: {a: 1}}")));
        assertThat(r.allowDiskUse()).isNull();
    }

    @Test
    void an_inclusion_projection_gets_the_paths_fstore_reads() {
        MongoRequest r = MongoRequest.of(spec("{collection: c, projection: {amount: 1, address: 1, profile.name: 1, _id: 0}}"),
                UPDATED_AT, Optional.empty(), List.of("customer_id", "ts", "updated_at", "address.city", "profile", "amount"), 10);

        // address.city is inside the included address; profile replaces its included child profile.name
        assertThat(r.projection()).isEqualTo(doc("{amount: 1, address: 1, _id: 0, customer_id: 1, ts: 1, "
                + "updated_at: 1, profile: 1}"));
    }

    @Test
    void an_inclusion_projection_that_drops_id_keeps_it_when_id_is_read() {
        MongoRequest r = MongoRequest.of(spec("{collection: c, projection: {amount: 1, _id: 0}}"), Optional.empty(),
                Optional.empty(), List.of("_id", "amount"), 10);

        assertThat(r.projection()).isEqualTo(doc("{amount: 1, _id: 1}"));
    }

    @Test
    void an_exclusion_projection_may_not_remove_a_read_path() {
        assertThat(MongoRequest.of(spec("{collection: c, projection: {blob: 0, address.zip: 0}}"), Optional.empty(),
                Optional.empty(), List.of("customer_id", "address.city"), 10).projection())
                .isEqualTo(doc("{blob: 0, 'address.zip': 0}"));
        assertThatThrownBy(() -> MongoRequest.of(spec("{collection: c, projection: {address: 0}}"),
                Optional.empty(), Optional.empty(), List.of("customer_id", "address.city"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the projection excludes address, but the group reads address.city; "
                        + "remove address from source.projection");
    }

    @Test
    void without_a_projection_the_read_paths_become_one() {
        MongoRequest r = MongoRequest.of(spec("{collection: c}"), UPDATED_AT, Optional.empty(),
                List.of("customer_id", "address", "address.city", "updated_at", "customer_id"), 10);

        assertThat(r.projection()).isEqualTo(doc("{customer_id: 1, address: 1, updated_at: 1, _id: 0}"));
        assertThat(MongoRequest.of(spec("{collection: c}"), Optional.empty(), Optional.empty(), List.of("_id"), 10)
                .projection()).isEqualTo(doc("{_id: 1}"));
    }
}
