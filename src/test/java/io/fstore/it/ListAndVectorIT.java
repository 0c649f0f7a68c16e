package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.source.RunSummary;
import io.fstore.source.mongodb.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The list types and vector end to end, with each online store: PostgreSQL array columns -> normalizer (a vector of
 * the wrong length quarantined) -> Parquet LIST columns read by DuckDB -> the online store -> JSON arrays on GET and
 * POST.
 */
class ListAndVectorIT {

    private static final TestMongo MONGO = TestMongo.shared();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mongodb_arrays_become_lists_and_vectors(@TempDir Path work) throws Exception {
        String collection = "lists_" + System.nanoTime() % 1_000_000;
        com.mongodb.client.MongoCollection<Document> docs = MONGO.client().getDatabase("fstore_lists")
                .getCollection(collection);
        try {
            docs.insertMany(List.of(
                    new Document("doc", new Document("id", "m1")).append("counts", List.of(1, 2L, 3))
                            .append("tags", List.of("x", "y")).append("emb", List.of(0.5, 1, -2.0))
                            .append("ts", java.util.Date.from(java.time.Instant.parse("2024-05-01T10:00:00Z"))),
                    new Document("doc", new Document("id", "m2")).append("counts", List.of())
                            .append("tags", List.of(new Document("nested", 1))).append("emb", List.of(1, 2, 3))
                            .append("ts", java.util.Date.from(java.time.Instant.parse("2024-05-01T11:00:00Z")))));
            Files.createDirectories(work.resolve("features"));
            Files.writeString(work.resolve("features/mdocs.yaml"), """
                    name: mdocs
                    entity: { name: doc, key: doc_id }
                    source:
                      kind: mongodb
                      connection: m
                      database: fstore_lists
                      collection: %s
                      entity_key: doc.id
                      timestamp: ts
                    schedule: "0 0 0 1 1 ? 2099"
                    features:
                      - { name: counts, type: list<long> }
                      - { name: tags, type: list<string> }
                      - { name: emb, type: vector, dimension: 3 }
                    """.formatted(collection));
            try (FStoreHarness fstore = new FStoreHarness(work, Map.of("fstore.connection.m.kind", "mongodb",
                    "fstore.connection.m.uri", MONGO.uri()))) {
                RunSummary run = fstore.run("mdocs");

                assertThat(run.rowsStored()).isEqualTo(1);
                assertThat(run.rowsQuarantined()).as("m2's tags hold a document").isEqualTo(1);
                JsonNode m1 = fstore.getJson("/features/mdocs/m1").get("features");
                assertThat(m1.get("counts").get("value").toString()).isEqualTo("[1,2,3]");
                assertThat(m1.get("tags").get("value").toString()).isEqualTo("[\"x\",\"y\"]");
                assertThat(m1.get("emb").get("value").toString()).isEqualTo("[0.5,1.0,-2.0]");
                assertThat(fstore.duckdb("SELECT CAST(emb AS VARCHAR) AS e FROM read_parquet('{offline}/mdocs/*/*.parquet')"))
                        .extracting(r -> r.get("e")).containsExactly("[0.5, 1.0, -2.0]");
                try (java.util.stream.Stream<Path> files = Files.walk(work.resolve("data/quarantine/mdocs"))) {
                    Path file = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
                    assertThat(Files.readString(file)).contains("feature tags (list<string>): element 0");
                }
            }
        } finally {
            docs.drop();
        }
    }

    @ParameterizedTest(name = "online store {0}")
    @ValueSource(strings = {"embedded", "redis", "postgres"})
    void arrays_round_trip_through_parquet_and_the_online_store_and_are_served_as_json_arrays(String onlineType,
                                                                                               @TempDir Path work)
            throws Exception {
        String url = TestDatabases.postgres();
        String table = "lists_" + onlineType + "_" + System.nanoTime() % 1_000_000;
        TestDatabases.execute(url, "CREATE TABLE " + table + " (doc_id text, counts bigint[], scores double precision[], "
                + "tags text[], flags boolean[], embedding real[], ts timestamptz)");
        TestDatabases.execute(url, "INSERT INTO " + table + " VALUES "
                + "('d1', '{1,2,3}', '{0.5,-1.25}', '{a,\"b \\\"q\\\"\",é}', '{true,false}', '{0.1,0.2,0.3}', "
                + "'2024-05-01T10:00:00Z'), "
                + "('d1', '{9223372036854775807}', '{1e300}', '{newer}', '{true}', '{-1.5,0,3.25}', "
                + "'2024-05-02T10:00:00Z'), "
                + "('d2', '{}', '{}', '{}', '{}', '{1,1,1}', '2024-05-01T11:00:00Z'), "
                + "('d3', NULL, NULL, NULL, NULL, NULL, '2024-05-01T12:00:00Z'), "
                + "('d4', '{1}', '{1}', '{x}', '{false}', '{1,2}', '2024-05-01T13:00:00Z')");
        Files.createDirectories(work.resolve("features"));
        Files.writeString(work.resolve("features/docs.yaml"), """
                name: docs
                entity: { name: doc, key: doc_id }
                source:
                  kind: jdbc
                  datasource: pg
                  query: SELECT doc_id, counts, scores, tags, flags, embedding, ts FROM %s
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: counts, type: list<long> }
                  - { name: scores, type: list<double> }
                  - { name: tags, type: list<string> }
                  - { name: flags, type: list<bool> }
                  - { name: embedding, type: vector, dimension: 3 }
                """.formatted(table));
        Map<String, String> settings = Map.of("fstore.datasource.pg.url", url, "fstore.online.type", onlineType,
                "fstore.online.redis.url", TestDatabases.redis(), "fstore.online.postgres.datasource", "pg");
        try (FStoreHarness fstore = new FStoreHarness(work, settings)) {
            RunSummary run = fstore.run("docs");

            assertThat(run.rowsRead()).isEqualTo(5);
            assertThat(run.rowsStored()).isEqualTo(4);
            assertThat(run.rowsQuarantined()).as("d4's embedding has 2 values").isEqualTo(1);

            Map<String, Object> types = new TreeMap<>();
            fstore.duckdb("DESCRIBE SELECT * FROM read_parquet('{offline}/docs/*/*.parquet')")
                    .forEach(r -> types.put((String) r.get("column_name"), r.get("column_type")));
            assertThat(types).containsEntry("counts", "BIGINT[]").containsEntry("scores", "DOUBLE[]")
                    .containsEntry("tags", "VARCHAR[]").containsEntry("flags", "BOOLEAN[]")
                    .containsEntry("embedding", "FLOAT[]");
            List<Map<String, Object>> offline = fstore.duckdb("SELECT doc_id, len(counts) AS n, counts[1] AS c1, "
                    + "scores[2] AS s2, tags[2] AS t2, len(tags) AS nt, flags[2] AS f2, embedding[3] AS e3, "
                    + "len(embedding) AS ne FROM read_parquet('{offline}/docs/*/*.parquet') ORDER BY doc_id, "
                    + "event_timestamp");
            assertThat(offline).hasSize(4);
            assertThat(offline.get(0)).containsEntry("doc_id", "d1").containsEntry("n", 3L).containsEntry("c1", 1L)
                    .containsEntry("s2", -1.25).containsEntry("t2", "b \"q\"").containsEntry("nt", 3L)
                    .containsEntry("f2", false).containsEntry("e3", 0.3f).containsEntry("ne", 3L);
            assertThat(offline.get(1)).containsEntry("c1", Long.MAX_VALUE).containsEntry("e3", 3.25f);
            assertThat(offline.get(2)).containsEntry("doc_id", "d2").containsEntry("n", 0L).containsEntry("ne", 3L);
            assertThat(offline.get(3)).containsEntry("doc_id", "d3").containsEntry("n", null);

            JsonNode d1 = fstore.getJson("/features/docs/d1").get("features");
            assertThat(d1.get("counts").get("type").asText()).isEqualTo("list<long>");
            assertThat(d1.get("counts").get("value").toString()).isEqualTo("[9223372036854775807]");
            assertThat(d1.get("scores").get("value").toString()).isEqualTo("[1.0E300]");
            assertThat(d1.get("tags").get("value").toString()).isEqualTo("[\"newer\"]");
            assertThat(d1.get("flags").get("value").toString()).isEqualTo("[true]");
            assertThat(d1.get("embedding").get("type").asText()).isEqualTo("vector");
            assertThat(d1.get("embedding").get("value").toString()).isEqualTo("[-1.5,0.0,3.25]");
            assertThat(d1.get("embedding").get("event_timestamp").asText()).isEqualTo("2024-05-02T10:00:00Z");
            JsonNode d2 = fstore.getJson("/features/docs/d2").get("features");
            assertThat(d2.get("tags").get("value").toString()).isEqualTo("[]");
            assertThat(d2.get("tags").get("status").asText()).isEqualTo("present");
            assertThat(d2.get("embedding").get("value").toString()).isEqualTo("[1.0,1.0,1.0]");
            JsonNode d3 = fstore.getJson("/features/docs/d3").get("features");
            assertThat(d3.get("counts").get("value").isNull()).isTrue();

            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + fstore.port + "/features/online"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"entities": {"doc_id": ["d2", "d1", "d4"]},
                             "features": ["docs:embedding", "docs:tags"]}""")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            JsonNode columns = json.readTree(post.body()).get("results");
            assertThat(columns.get(1).get("values").toString()).isEqualTo("[[1.0,1.0,1.0],[-1.5,0.0,3.25],null]");
            assertThat(columns.get(1).get("statuses").toString()).isEqualTo("[\"present\",\"present\",\"missing\"]");
            assertThat(columns.get(2).get("values").toString()).isEqualTo("[[],[\"newer\"],null]");
        } finally {
            TestDatabases.execute(url, "DROP TABLE " + table);
        }
    }
}
