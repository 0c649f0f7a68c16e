package io.fstore.source.cassandra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.fstore.definition.YamlMap;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The Cassandra part of a group's {@code source}: a CQL SELECT, the values of its bind markers and the page size the
 * driver fetches with.
 *
 * <pre>
 * source:
 *   kind: cassandra
 *   connection: events
 *   query: SELECT user_id, clicks, ts FROM clicks_by_day WHERE day = ? ORDER BY ts
 *   bind: ["2024-03-01"]
 *   fetch_size: 5000
 * </pre>
 *
 * @param query     the SELECT as written (without a trailing semicolon)
 * @param bind      the values of its bind markers, in order (YAML scalars: text, numbers, true/false, null); each is
 *                  converted to its marker's CQL type when the statement is bound ({@link BindValues})
 * @param fetchSize rows per page, when given (else the group's chunk size)
 */
public record CassandraSourceSpec(String query, List<Object> bind, OptionalInt fetchSize)
        implements io.fstore.model.SourceSpec.KindSettings {

    /** The keys of a {@code source} mapping this kind reads (the common keys are read elsewhere). */
    public static final Set<String> KEYS = Set.of("query", "bind", "fetch_size");
    public static final int MAX_FETCH_SIZE = 100_000;

    public CassandraSourceSpec {
        bind = java.util.Collections.unmodifiableList(new ArrayList<>(bind)); // null is a bind value
    }

    /**
     * Reads the Cassandra keys of a {@code source} mapping; every problem goes into its error list with file, line,
     * field and what to write, and the result is then empty. Keys of other kinds or the common keys are not looked at.
     */
    public static Optional<CassandraSourceSpec> read(YamlMap source) {
        Optional<String> query = source.requiredString("query", QUERY_EXAMPLE).map(CassandraSourceSpec::stripSemicolons)
                .filter(q -> {
                    if (new CqlText(q).isSelect()) {
                        return true;
                    }
                    source.error(source.node("query").orElseThrow(), source.field("query"), "is not a SELECT",
                            "a CQL SELECT (a source only reads), " + QUERY_EXAMPLE);
                    return false;
                });
        List<Object> bind = bind(source);
        int markers = query.map(q -> new CqlText(q).markers()).orElse(-1);
        boolean bindFits = bind != null && (markers < 0 || markers == bind.size());
        if (bind != null && !bindFits) {
            source.error(source.node("bind").orElse(source.node("query").orElseThrow()), source.field("bind"),
                    "gives " + bind.size() + " value(s) for the " + markers + " bind marker(s) (? or :name) of the "
                            + "query", "one value per marker, in the order of the markers in the query");
        }
        Optional<Integer> fetchSize = source.optionalInt("fetch_size", 1, MAX_FETCH_SIZE);
        if (query.isEmpty() || !bindFits || source.has("fetch_size") && fetchSize.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CassandraSourceSpec(query.get(), bind,
                fetchSize.map(OptionalInt::of).orElse(OptionalInt.empty())));
    }

    /** The bind values (empty without {@code bind}); null after reporting a problem. */
    private static List<Object> bind(YamlMap source) {
        if (!source.has("bind")) {
            return List.of();
        }
        Node at = source.node("bind").orElseThrow();
        Object raw = source.plainValue("bind").orElse(null);
        if (!(raw instanceof List<?> list)) {
            source.error(at, source.field("bind"), "is " + describe(raw),
                    "a list with one value per ? of the query, e.g. bind: [\"2024-03-01\", 42]");
            return null;
        }
        List<Object> values = new ArrayList<>(list.size());
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
                values.add(v);
            } else {
                source.error(at, source.field("bind") + "[" + i + "]", "is " + describe(v),
                        "a single value (text, a number, true/false or null) per bind marker");
                ok = false;
            }
        }
        return ok ? values : null;
    }

    private static final String QUERY_EXAMPLE =
            "a CQL SELECT such as SELECT user_id, clicks, ts FROM clicks_by_day WHERE day = ?";

    private static String stripSemicolons(String query) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return new CqlText(q).terminated();
    }

    private static String describe(Object value) {
        return value instanceof Map<?, ?> ? "a mapping" : value instanceof List<?> ? "a list"
                : value == null ? "empty" : "'" + value + "'";
    }
}
