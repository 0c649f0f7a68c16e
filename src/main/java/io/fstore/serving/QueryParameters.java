package io.fstore.serving;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * A request's query parameters decoded from its raw query string as Vert.x Web decodes them (Netty's decoder, names
 * matched without regard to case), so every way a request reaches {@link OnlineApi} reads the same values: never from
 * Camel's header map, where request headers and query parameters of one name are mixed.
 */
final class QueryParameters {

    private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    QueryParameters(String rawQuery) {
        if (rawQuery != null && !rawQuery.isEmpty()) {
            new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false).parameters()
                    .forEach((name, list) -> values.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
        }
    }

    /** Every value of the parameter in the order sent, or null when the request has none of that name. */
    List<String> all(String name) {
        return values.get(name);
    }
}
