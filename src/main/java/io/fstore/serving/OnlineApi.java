package io.fstore.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.pipeline.FeatureGroups;
import org.apache.camel.Exchange;

/** The REST routes' adapter: reads path and query parameters, answers JSON, turns failures into JSON errors. */
public final class OnlineApi {

    private final OnlineLookup lookup;
    private final FeatureGroups groups;
    private final ObjectMapper json = new ObjectMapper();

    public OnlineApi(OnlineLookup lookup, FeatureGroups groups) {
        this.lookup = lookup;
        this.groups = groups;
    }

    public String one(Exchange exchange) throws JsonProcessingException {
        String group = exchange.getMessage().getHeader("group", String.class);
        String entity = exchange.getMessage().getHeader("entityId", String.class);
        return json.writeValueAsString(lookup.one(group, entity));
    }

    public String many(Exchange exchange) throws JsonProcessingException {
        String group = exchange.getMessage().getHeader("group", String.class);
        String key = groups.find(group).map(g -> g.entity().key()).orElse("entity_id");
        Object raw = exchange.getMessage().getHeader(key);
        if (raw == null) {
            raw = exchange.getMessage().getHeader("entity_id");
        }
        return json.writeValueAsString(lookup.many(group, ids(raw)));
    }

    private static List<String> ids(Object raw) {
        if (raw == null) {
            return List.of();
        }
        List<?> values = raw instanceof List<?> l ? l : List.of(raw);
        return values.stream().flatMap(v -> Arrays.stream(String.valueOf(v).split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The body of an error answer: {@code {error, detail, field}}. */
    public String error(Exchange exchange) throws JsonProcessingException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof ApiException api) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, api.status());
            return json.writeValueAsString(Map.of("error", api.error(), "detail", api.getMessage(),
                    "field", api.field()));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
        return json.writeValueAsString(Map.of("error", "internal_error",
                "detail", e == null ? "unknown error" : String.valueOf(e.getMessage()), "field", ""));
    }
}
