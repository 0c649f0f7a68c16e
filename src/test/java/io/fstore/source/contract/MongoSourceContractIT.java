package io.fstore.source.contract;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import io.fstore.source.mongodb.TestMongo;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The source contract of kind mongodb on a MongoDB-protocol server (mongo-java-server in this JVM: no mongod can be
 * had here). Records are nested documents: the key and two features sit in sub-documents, mapped by dotted paths.
 */
class MongoSourceContractIT extends SourceContract {

    private static final TestMongo MONGO = TestMongo.shared();
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    private static final String DATABASE = "fstore_contract";

    @Override
    protected String kind() {
        return "mongodb";
    }

    @Override
    protected Map<String, String> connection() {
        return Map.of("fstore.connection.src.kind", "mongodb", "fstore.connection.src.uri", MONGO.uri(),
                "fstore.connection.src.database", DATABASE);
    }

    @Override
    protected Map<String, String> unreachableConnection() {
        return Map.of("fstore.connection.src.kind", "mongodb", "fstore.connection.src.uri",
                "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000",
                "fstore.connection.src.database", DATABASE);
    }

    /**
     * A user and password: mongo-java-server has no users, so it refuses the driver's authentication (SCRAM) as a
     * real server refuses a wrong password; the driver reports both as a MongoSecurityException.
     */
    @Override
    protected Map<String, String> wrongCredentialsConnection() {
        return Map.of("fstore.connection.src.kind", "mongodb", "fstore.connection.src.uri",
                MONGO.uri().replace("mongodb://", "mongodb://fstore:" + WRONG_SECRET + "@"),
                "fstore.connection.src.database", DATABASE);
    }

    @Override
    protected Dataset newDataset() {
        String name = "contract_" + COLLECTIONS.incrementAndGet() + "_" + System.nanoTime() % 100_000;
        MongoCollection<Document> collection = MONGO.client().getDatabase(DATABASE).getCollection(name);
        return new Collection(name, collection);
    }

    record Collection(String name, MongoCollection<Document> collection) implements Dataset {
        @Override
        public void insert(List<Item> items) {
            collection.insertMany(items.stream().map(i -> new Document("customer", new Document("id", i.customer()))
                    .append("stats", new Document("qty", i.qty()).append("score", i.score()))
                    .append("segment", i.segment())
                    .append("vip", i.vip())
                    .append("balance", new Decimal128(i.balance()))
                    .append("first_at", Date.from(i.firstAt()))
                    .append("updated_at", Date.from(i.updatedAt()))).toList());
        }

        @Override
        public void close() {
            collection.drop();
        }
    }

    @Override
    protected String wideSource(Dataset dataset) {
        return "  collection: " + ((Collection) dataset).name() + "\n"
                + "  entity_key: customer.id\n"
                + "  field_mapping: { stats.qty: qty, stats.score: score }\n"
                + "  timestamp: updated_at\n";
    }

    /** The long shape through an aggregate pipeline that projects each document to entity_id, value, ts. */
    @Override
    protected String longSource(Dataset dataset) {
        return "  collection: " + ((Collection) dataset).name() + "\n"
                + "  aggregate:\n"
                + "    - { $project: { entity_id: \"$customer.id\", value: \"$balance\", ts: \"$updated_at\" } }\n"
                + "  timestamp: ts\n";
    }

    @Override
    protected String refusedSource(Dataset dataset) {
        return "  collection: " + ((Collection) dataset).name() + "\n"
                + "  aggregate: [ { $noSuchStage: { x: 1 } } ]\n"
                + "  entity_key: customer.id\n"
                + "  field_mapping: { stats.qty: qty, stats.score: score }\n"
                + "  timestamp: updated_at\n";
    }
}
