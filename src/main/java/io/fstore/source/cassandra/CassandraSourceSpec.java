package io.fstore.source.cassandra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

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

    /** One thing wrong with the Cassandra keys of a source: which key, what is wrong, what to write instead. */
    public record Problem(String field, String problem, String expected) {
        @Override
        public String toString() {
            return "field '" + field + "': " + problem + (expected.isEmpty() ? "" : "; expected " + expected);
        }
    }

    /** Every problem of a source at once. */
    public static final class InvalidCassandraSourceException extends IllegalArgumentException {
        private final List<Problem> problems;

        public InvalidCassandraSourceException(List<Problem> problems) {
            super(problems.size() + " problem(s) in the cassandra source:\n  "
                    + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /**
     * Reads the Cassandra keys of a {@code source} mapping (as snakeyaml gives it).
     *
     * @param prefix the path of the mapping in error messages, e.g. {@code "source"}
     * @throws InvalidCassandraSourceException with every problem found
     */
    public static CassandraSourceSpec parse(String prefix, Map<String, ?> source) {
        List<Problem> problems = new ArrayList<>();
        String p = prefix == null || prefix.isEmpty() ? "" : prefix + ".";
        String query = null;
        Object rawQuery = source.get("query");
        if (!source.containsKey("query")) {
            problems.add(new Problem(p + "query", "is missing", QUERY_EXAMPLE));
        } else if (!(rawQuery instanceof String text) || text.isBlank()) {
            problems.add(new Problem(p + "query", "is " + describe(rawQuery), QUERY_EXAMPLE));
        } else {
            query = stripSemicolons(text);
            if (!new CqlText(query).isSelect()) {
                problems.add(new Problem(p + "query", "is not a SELECT", "a CQL SELECT (a source only reads), "
                        + QUERY_EXAMPLE));
                query = null;
            }
        }

        List<Object> bind = new ArrayList<>();
        if (source.containsKey("bind")) {
            Object raw = source.get("bind");
            if (raw instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    Object v = list.get(i);
                    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
                        bind.add(v);
                    } else {
                        problems.add(new Problem(p + "bind[" + i + "]", "is " + describe(v),
                                "a single value (text, a number, true/false or null) per bind marker"));
                    }
                }
            } else {
                problems.add(new Problem(p + "bind", "is " + describe(raw),
                        "a list with one value per ? of the query, e.g. bind: [\"2024-03-01\", 42]"));
            }
        }
        if (query != null && problems.stream().noneMatch(x -> x.field().startsWith(p + "bind"))) {
            int markers = new CqlText(query).markers();
            if (markers != bind.size()) {
                problems.add(new Problem(p + "bind", "gives " + bind.size() + " value(s) for the " + markers
                        + " bind marker(s) (? or :name) of the query",
                        "one value per marker, in the order of the markers in the query"));
            }
        }

        OptionalInt fetchSize = OptionalInt.empty();
        if (source.containsKey("fetch_size")) {
            Object raw = source.get("fetch_size");
            if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() >= 1
                    && ((Number) raw).longValue() <= MAX_FETCH_SIZE) {
                fetchSize = OptionalInt.of(((Number) raw).intValue());
            } else {
                problems.add(new Problem(p + "fetch_size", "is " + describe(raw),
                        "a whole number from 1 to " + MAX_FETCH_SIZE + " (rows per page the driver fetches)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidCassandraSourceException(problems);
        }
        return new CassandraSourceSpec(query, bind, fetchSize);
    }

    private static final String QUERY_EXAMPLE =
            "a CQL SELECT such as SELECT user_id, clicks, ts FROM clicks_by_day WHERE day = ?";

    private static String stripSemicolons(String query) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return q;
    }

    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return s.isBlank() ? "empty text" : "the text '" + s + "'";
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}
