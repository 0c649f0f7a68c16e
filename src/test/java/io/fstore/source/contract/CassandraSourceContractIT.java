package io.fstore.source.contract;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.fstore.source.cassandra.TestCassandra;

/**
 * The source contract of kind cassandra on a real Cassandra 5.0.9 node ({@link TestCassandra}). The records live in one
 * partition ({@code bucket = ?}, bound from the group's {@code bind}) clustered by {@code updated_at}, read with
 * {@code ORDER BY updated_at} (the checkpoint moves after every chunk); two features sit in a UDT, mapped by their
 * dotted names; the page size (5) is below the chunk size (7), so every run spans several pages.
 */
class CassandraSourceContractIT extends SourceContract {

    private static final TestCassandra CASSANDRA = TestCassandra.shared();

    @Override
    protected String kind() {
        return "cassandra";
    }

    @Override
    protected Map<String, String> connection() {
        return CASSANDRA.connection(CONNECTION);
    }

    @Override
    protected Map<String, String> unreachableConnection() {
        return Map.of("fstore.connection.src.kind", "cassandra",
                "fstore.connection.src.contact-points", "127.0.0.1:1",
                "fstore.connection.src.connect-timeout", "2");
    }

    /** The test node requires logins (an FSTORE_IT_CASSANDRA node must too: docker-compose.yml's does). */
    @Override
    protected Map<String, String> wrongCredentialsConnection() {
        Map<String, String> props = new java.util.HashMap<>(connection());
        props.put("fstore.connection.src.password", WRONG_SECRET);
        return props;
    }

    @Override
    protected Dataset newDataset() {
        String keyspace = CASSANDRA.newKeyspace("contract");
        CqlSession s = CASSANDRA.session();
        s.execute("CREATE TYPE " + keyspace + ".stats (qty bigint, score double)");
        s.execute("CREATE TABLE " + keyspace + ".items (bucket int, updated_at timestamp, id timeuuid, "
                + "customer_id text, stats frozen<stats>, segment text, vip boolean, balance decimal, "
                + "first_at timestamp, PRIMARY KEY ((bucket), updated_at, id))");
        return new Table(keyspace);
    }

    record Table(String keyspace) implements Dataset {
        @Override
        public void insert(List<Item> items) {
            CqlSession s = CASSANDRA.session();
            UserDefinedType stats = s.getMetadata().getKeyspace(keyspace).flatMap(k -> k.getUserDefinedType("stats"))
                    .orElseThrow();
            PreparedStatement insert = s.prepare("INSERT INTO " + keyspace + ".items (bucket, updated_at, id, "
                    + "customer_id, stats, segment, vip, balance, first_at) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?)");
            BatchStatement batch = BatchStatement.newInstance(BatchType.UNLOGGED);
            for (Item i : items) {
                UUID id = Uuids.timeBased();
                UdtValue udt = stats.newValue(i.qty(), i.score());
                batch = batch.add(insert.bind(i.updatedAt(), id, i.customer(), udt, i.segment(), i.vip(),
                        i.balance(), i.firstAt()));
            }
            s.execute(batch);
        }

        @Override
        public void close() {
            CASSANDRA.dropKeyspace(keyspace);
        }
    }

    @Override
    protected String wideSource(Dataset dataset) {
        return "  query: SELECT customer_id, stats, segment, vip, balance, first_at, updated_at FROM "
                + ((Table) dataset).keyspace() + ".items WHERE bucket = ? ORDER BY updated_at\n"
                + "  bind: [0]\n"
                + "  fetch_size: 5\n"
                + "  field_mapping: { stats.qty: qty, stats.score: score }\n"
                + "  timestamp: updated_at\n";
    }

    @Override
    protected String longSource(Dataset dataset) {
        return "  query: SELECT customer_id AS entity_id, balance AS value, updated_at AS ts FROM "
                + ((Table) dataset).keyspace() + ".items WHERE bucket = ?\n"
                + "  bind: [0]\n"
                + "  timestamp: ts\n";
    }

    @Override
    protected String refusedSource(Dataset dataset) {
        return "  query: SELECT customer_id, stats, no_such_column, updated_at FROM " + ((Table) dataset).keyspace()
                + ".items WHERE bucket = ?\n"
                + "  bind: [0]\n"
                + "  field_mapping: { stats.qty: qty, stats.score: score }\n"
                + "  timestamp: updated_at\n";
    }
}
