package io.fstore.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The requests {@link MongoRequest} builds, sent through camel-mongodb (its headers and body as built) to
 * mongo-java-server: exactly which documents come back, in which order, for every kind of checkpoint value.
 */
class MongoRequestIT {

    @RegisterExtension
    static final TestMongo MONGO = TestMongo.shared();

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));
    private static final Instant T2 = T0.plus(Duration.ofHours(2));
    private static final Instant OLD = Instant.parse("1500-03-01T12:00:00Z");
    private static final Optional<String> UPDATED_AT = Optional.of("updated_at");

    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void seed() throws Exception {
        // name, status, updated_at (null: explicit null, "-": missing), seq, amount
        Object[][] rows = {
            {"a", "active", T0, 1L, "1.10"},
            {"b", "active", T1, 2L, "2.20"},
            {"c", "active", T1, 3L, "3.30"},
            {"d", "inactive", T1, 4L, "4.40"},
            {"e", "active", T1.plusMillis(1), 5L, "5.50"},
            {"f", "active", T2, 6L, "6.60"},
            {"g", "active", null, 7L, "7.70"},
            {"h", "active", "-", 8L, "8.80"},
            {"z", "active", OLD, 0L, "0.50"},
        };
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            Object[] r = rows[i];
            Document d = new Document("_id", new ObjectId(String.format("65a1b2c3d4e5f607182930%02x", i + 1)))
                    .append("name", r[0]).append("status", r[1]);
            if (!"-".equals(r[2])) {
                d.append("updated_at", r[2] == null ? null : Date.from((Instant) r[2]));
            }
            d.append("seq", r[3]).append("amount", new Decimal128(new BigDecimal((String) r[4])))
                    .append("key", "k0" + (i + 1))
                    .append("address", new Document("city", "city-" + r[0]).append("zip", "z" + i));
            docs.add(d);
        }
        MONGO.database().getCollection("events").insertMany(docs);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("mongo", MONGO.client());
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @SuppressWarnings("unchecked")
    private static MongoSourceSpec spec(String yaml) {
        return MongoSourceSpec.parse("source",
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml));
    }

    private static final MongoSourceSpec ACTIVE_BY_NAME =
            spec("{collection: events, filter: {status: active}, sort: {name: 1}, batch_size: 2}");

    private List<Document> read(MongoRequest request) {
        Iterable<Document> body = template.requestBodyAndHeaders("mongodb:mongo?database=" + MONGO.databaseName()
                + "&collection=events&operation=findAll&outputType=MongoIterable", request.body(),
                request.headers(), Iterable.class);
        List<Document> out = new ArrayList<>();
        body.forEach(out::add);
        return out;
    }

    private List<String> names(MongoRequest request) {
        return read(request).stream().map(d -> d.getString("name")).toList();
    }

    private MongoRequest byUpdatedAt(Object checkpoint) {
        return MongoRequest.of(ACTIVE_BY_NAME, UPDATED_AT, Optional.ofNullable(checkpoint), List.of(), 100);
    }

    @Test
    void the_first_run_reads_every_matching_document_in_checkpoint_order_null_and_missing_first() {
        // null and missing sort lowest; equal checkpoint values are ordered by the user's sort (name)
        assertThat(names(byUpdatedAt(null))).containsExactly("g", "h", "z", "a", "b", "c", "e", "f");
    }

    @Test
    void a_date_checkpoint_reads_only_later_documents_and_never_those_with_an_equal_value() {
        assertThat(names(byUpdatedAt(T1))).containsExactly("e", "f");
    }

    @Test
    void a_checkpoint_below_the_last_value_re_reads_every_document_of_that_value() {
        assertThat(names(byUpdatedAt(T0))).containsExactly("b", "c", "e", "f");
    }

    @Test
    void a_finer_instant_than_a_millisecond_is_cut_to_its_millisecond_and_re_reads_rather_than_skips() {
        assertThat(names(byUpdatedAt(T1.plusNanos(500_000)))).containsExactly("e", "f");
        assertThat(names(byUpdatedAt(T1.plusNanos(1_000_000)))).containsExactly("f");
    }

    @Test
    void a_date_before_the_gregorian_switch_binds_exactly() {
        assertThat(names(byUpdatedAt(OLD.minusMillis(1)))).containsExactly("z", "a", "b", "c", "e", "f");
        assertThat(names(byUpdatedAt(OLD))).containsExactly("a", "b", "c", "e", "f");
    }

    @Test
    void a_long_checkpoint() {
        MongoRequest r = MongoRequest.of(ACTIVE_BY_NAME, Optional.of("seq"), Optional.of(3L), List.of(), 100);

        assertThat(names(r)).containsExactly("e", "f", "g", "h");
    }

    @Test
    void a_decimal_checkpoint_compares_with_decimal128_values_by_value() {
        MongoRequest r = MongoRequest.of(ACTIVE_BY_NAME, Optional.of("amount"), Optional.of(new BigDecimal("2.2")),
                List.of(), 100);

        assertThat(names(r)).containsExactly("c", "e", "f", "g", "h");
    }

    @Test
    void a_text_checkpoint() {
        MongoRequest r = MongoRequest.of(ACTIVE_BY_NAME, Optional.of("key"), Optional.of("k03"), List.of(), 100);

        assertThat(names(r)).containsExactly("e", "f", "g", "h", "z"); // k05 .. k09
    }

    @Test
    void an_object_id_checkpoint_must_be_an_object_id_not_its_hex_text() {
        ObjectId c = new ObjectId("65a1b2c3d4e5f60718293003");

        assertThat(names(MongoRequest.of(ACTIVE_BY_NAME, Optional.of("_id"), Optional.of(c), List.of(), 100)))
                .containsExactly("e", "f", "g", "h", "z");
        // MongoDB compares within a type bracket only: the hex text MongoDocuments gives matches no ObjectId
        assertThat(names(MongoRequest.of(ACTIVE_BY_NAME, Optional.of("_id"), Optional.of(c.toHexString()),
                List.of(), 100))).isEmpty();
    }

    @Test
    void a_nested_checkpoint_field() {
        MongoRequest r = MongoRequest.of(ACTIVE_BY_NAME, Optional.of("address.city"), Optional.of("city-e"),
                List.of(), 100);

        assertThat(names(r)).containsExactly("f", "g", "h", "z");
    }

    @Test
    void an_aggregate_reads_past_the_checkpoint_in_checkpoint_order() {
        MongoSourceSpec aggregate = spec("""
                collection: events
                aggregate:
                  - $match: {status: active}
                  - $project: {name: 1, updated_at: 1, _id: 0}
                """);

        List<Document> out = read(MongoRequest.of(aggregate, UPDATED_AT, Optional.of(T0), List.of(), 100));

        assertThat(out).extracting(d -> d.getDate("updated_at").toInstant())
                .containsExactly(T1, T1, T1.plusMillis(1), T2);
        assertThat(out).extracting(d -> d.getString("name")).containsExactlyInAnyOrder("b", "c", "e", "f");
        assertThat(out.get(2)).isEqualTo(new Document("name", "e").append("updated_at", Date.from(T1.plusMillis(1))));
        assertThat(out.get(3).getString("name")).isEqualTo("f");
    }

    @Test
    void an_aggregate_first_run_reads_everything_the_pipeline_gives() {
        MongoSourceSpec aggregate = spec("{collection: events, aggregate: [{$match: {status: inactive}}]}");

        assertThat(names(MongoRequest.of(aggregate, UPDATED_AT, Optional.empty(), List.of(), 100)))
                .containsExactly("d");
    }

    @Test
    void an_inclusion_projection_keeps_the_paths_fstore_reads() {
        MongoSourceSpec s = spec("{collection: events, filter: {name: e}, projection: {name: 1}}");

        List<Document> out = read(MongoRequest.of(s, UPDATED_AT, Optional.empty(),
                List.of("key", "updated_at", "address.city"), 100));

        assertThat(out).containsExactly(new Document("_id", new ObjectId("65a1b2c3d4e5f60718293005"))
                .append("name", "e").append("updated_at", Date.from(T1.plusMillis(1))).append("key", "k05")
                .append("address", new Document("city", "city-e")));
    }

    @Test
    void without_a_projection_exactly_the_read_paths_come_back() {
        MongoSourceSpec s = spec("{collection: events, filter: {name: b}}");

        List<Document> out = read(MongoRequest.of(s, UPDATED_AT, Optional.empty(),
                List.of("key", "updated_at", "amount", "address.city"), 100));

        assertThat(out).containsExactly(new Document("key", "k02").append("updated_at", Date.from(T1))
                .append("amount", new Decimal128(new BigDecimal("2.20")))
                .append("address", new Document("city", "city-b")));
    }

    @Test
    void an_exclusion_projection_leaves_out_only_what_it_names() {
        MongoSourceSpec s = spec("{collection: events, filter: {name: a}, projection: {amount: 0, address.zip: 0}}");

        Document a = read(MongoRequest.of(s, Optional.empty(), Optional.empty(), List.of("name"), 100)).get(0);

        assertThat(a.keySet()).containsExactly("_id", "name", "status", "updated_at", "seq", "key", "address");
        assertThat(a.get("address")).isEqualTo(new Document("city", "city-a"));
    }

    @Test
    void documents_read_through_camel_flatten_to_the_java_types_fstore_stores() {
        MongoRequest r = MongoRequest.of(spec("{collection: events, filter: {name: c}}"), Optional.empty(),
                Optional.empty(), List.of(), 100);

        Map<String, Object> flat = MongoDocuments.flatten(read(r).get(0));

        assertThat(flat).containsOnly(Map.entry("_id", "65a1b2c3d4e5f60718293003"), Map.entry("name", "c"),
                Map.entry("status", "active"), Map.entry("updated_at", T1), Map.entry("seq", 3L),
                Map.entry("amount", new BigDecimal("3.30")), Map.entry("key", "k03"),
                Map.entry("address.city", "city-c"), Map.entry("address.zip", "z2"));
        assertThat(MongoDocuments.forPaths(List.of("address.city", "updated_at", "missing")).flatten(read(r).get(0)))
                .containsOnly(Map.entry("address.city", "city-c"), Map.entry("updated_at", T1));
    }
}
