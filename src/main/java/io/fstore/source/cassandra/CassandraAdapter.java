package io.fstore.source.cassandra;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.fstore.model.FeatureGroup;
import io.fstore.source.Checkpoint;
import io.fstore.source.CheckpointTracker;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceRequest;
import io.fstore.source.cursor.CursorValue;
import io.fstore.source.cursor.OrderedCursor;
import org.apache.camel.component.cassandra.CassandraConstants;

/**
 * A CQL SELECT as a source. The request is the statement (header {@code CamelCqlQuery}, with its page size and
 * timeout; camel-cassandraql prepares it) and its bind values (body); the reply is the driver's {@link ResultSet}
 * ({@link PagedRows}), read page by page.
 *
 * <p>Incremental groups: with a checkpoint, {@code <column> > ?} is added to the query's WHERE (before its ORDER BY,
 * LIMIT or ALLOW FILTERING; {@code WHERE} when it has none) and the checkpoint bound to it; FStore never adds
 * {@code ALLOW FILTERING}: Cassandra takes the condition as it is when the column is a clustering column of a
 * partition the query restricts, and the user writes ALLOW FILTERING where the data model needs it. The column must be
 * a column of the table under its own name (not an alias). When the query orders by the column
 * ({@code ORDER BY <column>} or {@code ASC}, one partition) the checkpoint moves after every stored chunk
 * ({@link OrderedCursor}); otherwise rows come in token order and it moves at the end of the run
 * ({@link RunEndCursor}).
 */
final class CassandraAdapter implements SourceAdapter {

    /** The page size of groups that set none (the driver's own default). */
    static final int DEFAULT_FETCH_SIZE = 5000;

    private final FeatureGroup group;
    private final CassandraSourceSpec spec;
    private final boolean ordered;

    CassandraAdapter(FeatureGroup group, CassandraSourceSpec spec) {
        this.group = group;
        this.spec = spec;
        Optional<String> order = new CqlText(spec.query()).ascendingOrderColumn();
        this.ordered = group.source().incrementalColumn()
                .map(c -> order.map(o -> o.equals(c) || o.equals(c.toLowerCase(Locale.ROOT))).orElse(false))
                .orElse(false);
    }

    @Override
    public Optional<Checkpoint> resumeFrom(Optional<Checkpoint> saved) {
        return group.source().incrementalColumn()
                .flatMap(column -> CursorValue.from(saved, column)).map(CursorValue::toCheckpoint);
    }

    @Override
    public SourceRequest request(Optional<Checkpoint> checkpoint) {
        Statement statement = statement(spec, group.source().incrementalColumn(),
                group.source().incrementalColumn().flatMap(c -> CursorValue.from(checkpoint, c))
                        .map(CursorValue::typedValue));
        SimpleStatement cql = SimpleStatement.builder(statement.cql())
                .setPageSize(spec.fetchSize().orElse(DEFAULT_FETCH_SIZE))
                .setTimeout(group.runPolicy().sourceTimeout()).build();
        return new SourceRequest(statement.values().toArray(), Map.of(CassandraConstants.CQL_QUERY, cql));
    }

    /** The CQL of a run and its bind values (each a {@link BindValues.Bind}). */
    record Statement(String cql, List<Object> values) {
    }

    static Statement statement(CassandraSourceSpec spec, Optional<String> column, Optional<Object> after) {
        List<Object> values = new ArrayList<>(spec.bind().size() + 1);
        for (Object v : spec.bind()) {
            values.add(new BindValues.Bind(v));
        }
        if (column.isEmpty() || after.isEmpty()) {
            return new Statement(spec.query(), values);
        }
        CqlText.Restricted restricted = new CqlText(spec.query())
                .restrict(CqlIdentifier.fromInternal(column.get()).asCql(true) + " > ?");
        values.add(restricted.markerIndex(), new BindValues.Bind(after.get()));
        return new Statement(restricted.cql(), values);
    }

    boolean ordered() {
        return ordered;
    }

    @Override
    public Iterator<Map<String, Object>> records(Object body) {
        if (!(body instanceof ResultSet rows)) {
            throw new IllegalStateException("camel-cassandraql answered " + (body == null ? "nothing" : body.getClass())
                    + ", not a ResultSet: the route must use resultSetConversionStrategy=#class:"
                    + PagedRows.class.getName());
        }
        return new Records(rows.iterator(), new CassandraRows(group.source().incrementalColumn().orElse(null)));
    }

    @Override
    public CheckpointTracker tracker(Optional<Checkpoint> start) {
        return group.source().incrementalColumn().<CheckpointTracker>map(column -> ordered
                ? new OrderedCursor(column, start) : new RunEndCursor(column, start)).orElse(CheckpointTracker.NONE);
    }

    /** The rows of a result set as flat records; the driver fetches the next page when the current one is read. */
    private record Records(Iterator<Row> rows, CassandraRows mapping) implements Iterator<Map<String, Object>> {

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Map<String, Object> next() {
            return mapping.record(rows.next());
        }
    }
}
