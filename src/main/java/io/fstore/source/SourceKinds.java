package io.fstore.source;

import java.util.List;
import java.util.Optional;

import io.fstore.source.cassandra.CassandraKind;
import io.fstore.source.jdbc.JdbcKind;
import io.fstore.source.mongodb.MongoKind;

/** The source kinds FStore knows: one line per kind. */
public final class SourceKinds {

    private static final List<SourceKind> ALL = List.of(
            new JdbcKind(),
            new MongoKind(),
            new CassandraKind());

    private SourceKinds() {
    }

    public static Optional<SourceKind> find(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public static SourceKind get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown source kind " + name));
    }

    public static List<SourceKind> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(SourceKind::name).toList();
    }
}
