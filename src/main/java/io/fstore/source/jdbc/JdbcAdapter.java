package io.fstore.source.jdbc;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.source.Checkpoint;
import io.fstore.source.CheckpointTracker;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceRequest;
import io.fstore.source.cursor.CursorValue;
import io.fstore.source.cursor.OrderedCursor;

/**
 * A SQL query as a source: the request is the user's query (wrapped for incremental groups so rows arrive in cursor
 * order, newer than the checkpoint, the checkpoint bound as a parameter); camel-jdbc streams the rows as maps.
 */
final class JdbcAdapter implements SourceAdapter {

    private final FeatureGroup group;

    JdbcAdapter(FeatureGroup group) {
        this.group = group;
    }

    @Override
    public Optional<Checkpoint> resumeFrom(Optional<Checkpoint> saved) {
        return group.source().incrementalColumn()
                .flatMap(column -> CursorValue.from(saved, column)).map(CursorValue::toCheckpoint);
    }

    @Override
    public SourceRequest request(Optional<Checkpoint> checkpoint) {
        Optional<CursorValue> cursor = group.source().incrementalColumn()
                .flatMap(column -> CursorValue.from(checkpoint, column));
        String sql = IncrementalQuery.sql(group.source(), cursor.isPresent());
        return new SourceRequest(sql, cursor.<Map<String, Object>>map(c ->
                Map.of(IncrementalQuery.CURSOR_PARAMETER, c.jdbcValue())).orElse(Map.of()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<Map<String, Object>> records(Object body) {
        return (Iterator<Map<String, Object>>) body;
    }

    @Override
    public CheckpointTracker tracker(Optional<Checkpoint> start) {
        return group.source().incrementalColumn()
                .<CheckpointTracker>map(column -> new OrderedCursor(column, start)).orElse(CheckpointTracker.NONE);
    }
}
