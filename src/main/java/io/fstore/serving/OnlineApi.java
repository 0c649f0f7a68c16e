package io.fstore.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.pipeline.FeatureGroups;
import org.apache.camel.Exchange;

/** The REST routes' adapter: reads path and query parameters, answers JSON, turns failures into JSON errors. */
public final class OnlineApi {

    private final OnlineLookup lookup;
    private final FeatureGroups groups;
    private final ObjectMapper json = new ObjectMapper();
    private final int maxRequestBytes;

    public OnlineApi(OnlineLookup lookup, FeatureGroups groups, int maxRequestBytes) {
        this.lookup = lookup;
        this.groups = groups;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * {@code POST /features/online}: {@code {"entities": {"<key>": ["c1", ...]}, "features": ["<group>:<feature>", ...]}}.
     */
    public byte[] batch(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "missing_body", "body", BATCH_EXAMPLE);
        }
        if (body.length > maxRequestBytes) {
            throw new ApiException(413, "request_too_large", "body", body.length + " bytes; at most " + maxRequestBytes
                    + " (fstore.api.max-request-bytes)");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "body", "not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "invalid_json", "body", "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "invalid_body", "body", BATCH_EXAMPLE);
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("entities") && !name.equals("features")) {
                throw new ApiException(400, "unknown_field", name, "unknown field; expected entities and features");
            }
        });
        JsonNode entities = root.path("entities");
        if (!entities.isObject() || entities.size() != 1) {
            throw new ApiException(400, "invalid_entities", "entities",
                    "an object with one entity key and its ids, e.g. {\"customer_id\": [\"c1\", \"c2\"]}");
        }
        String key = entities.fieldNames().next();
        List<String> ids = strings(entities.get(key), "entities." + key);
        List<String> features = strings(root.path("features"), "features");
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream(1024 + ids.size() * features.size() * 48);
        try (com.fasterxml.jackson.core.JsonGenerator out = json.getFactory().createGenerator(answer,
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            lookup.batch(key, ids, features, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return answer.toByteArray();
    }

    private static final String BATCH_EXAMPLE = "a JSON object such as {\"entities\": {\"customer_id\": [\"c1\"]}, "
            + "\"features\": [\"customer_metrics:orders\"]}";

    private static List<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new ApiException(400, "not_a_list", field, "a JSON array of strings");
        }
        List<String> out = new java.util.ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new ApiException(400, "not_a_string", field + "[" + i + "]", "a string, found " + node.get(i));
            }
            out.add(node.get(i).asText());
        }
        return out;
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
