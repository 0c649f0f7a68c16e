package io.fstore.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.pipeline.FeatureGroups;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The REST routes' adapter: reads path, query and body, refuses what is malformed (control characters, invalid or
 * trailing JSON) and answers JSON. Failures become JSON errors in {@link ApiErrors}.
 */
public final class OnlineApi {

    private static final String BATCH_EXAMPLE = "a JSON object such as {\"entities\": {\"customer_id\": [\"c1\"]}, "
            + "\"features\": [\"customer_metrics:orders\"]}";
    private final OnlineLookup lookup;
    private final FeatureGroups groups;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonFactory parsers = json.getFactory();
    private final int maxRequestBytes;

    public OnlineApi(OnlineLookup lookup, FeatureGroups groups, int maxRequestBytes) {
        this.lookup = lookup;
        this.groups = groups;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** {@code GET /features/{group}/{entityId}}. */
    public byte[] one(Exchange exchange) {
        Message in = exchange.getMessage();
        return one(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class), pathParameter(in, "group"),
                pathParameter(in, "entityId"));
    }

    /**
     * {@code GET /features/{group}/{entityId}} from its parts, as received (path parameters decoded).
     *
     * @param rawQuery the query string still percent-encoded, or null
     */
    public byte[] one(String rawQuery, String group, String entityId) {
        RequestText.requirePrintableQuery(rawQuery);
        RequestText.requirePrintable(group, "group");
        RequestText.requirePrintable(entityId, "entityId");
        return lookup.oneJson(group, entityId);
    }

    /** {@code GET /features/{group}?<entity_key>=c1,c2} (or {@code ?entity_id=}). */
    public byte[] many(Exchange exchange) {
        Message in = exchange.getMessage();
        return many(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class), pathParameter(in, "group"));
    }

    /**
     * {@code GET /features/{group}?<entity_key>=c1,c2} from its parts: the ids are read from the raw query string.
     *
     * @param rawQuery the query string still percent-encoded, or null
     */
    public byte[] many(String rawQuery, String group) {
        RequestText.requirePrintableQuery(rawQuery);
        RequestText.requirePrintable(group, "group");
        QueryParameters query = new QueryParameters(rawQuery);
        String key = groups.find(group).map(g -> g.entity().key()).orElse("entity_id");
        String field = key;
        List<String> raw = query.all(key);
        if (raw == null) {
            field = "entity_id";
            raw = query.all(field);
        }
        return lookup.manyJson(group, ids(raw), field);
    }

    /**
     * A path parameter of a request routed through platform-http, which puts request headers, query parameters and
     * then path parameters into one header map: a header or query parameter of the same name turns the value into a
     * list whose last element is the path's.
     */
    private static String pathParameter(Message in, String name) {
        Object value = in.getHeader(name);
        if (value instanceof List<?> list && !list.isEmpty()) {
            value = list.get(list.size() - 1);
        }
        return value == null ? null : String.valueOf(value);
    }

    private static List<String> ids(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String value : raw) {
            for (String id : value.split(",")) {
                String trimmed = id.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    /**
     * {@code POST /features/online}: {@code {"entities": {"<key>": ["c1", ...]}, "features": ["<group>:<feature>", ...]}}.
     *
     * @return the answer: a ByteBuffer when small, else an InputStream that writes it while it is sent
     */
    public Object batch(Exchange exchange) {
        Message in = exchange.getMessage();
        return batch(in.getHeader(Exchange.HTTP_RAW_QUERY, String.class), in.getBody(byte[].class));
    }

    /**
     * {@code POST /features/online} from its parts.
     *
     * @param body the request body, null or empty when it had none
     * @return the answer: a ByteBuffer when small, else an InputStream that writes it while it is sent
     */
    public Object batch(String rawQuery, byte[] body) {
        RequestText.requirePrintableQuery(rawQuery);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "missing_body", "body", BATCH_EXAMPLE);
        }
        if (body.length > maxRequestBytes) {
            throw new ApiException(413, "request_too_large", "body", body.length + " bytes; at most " + maxRequestBytes
                    + " (fstore.api.max-request-bytes)");
        }
        JsonNode root = parse(body);
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "invalid_body", "body", BATCH_EXAMPLE);
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("entities") && !name.equals("features")) {
                RequestText.requirePrintable(name, "body");
                throw new ApiException(400, "unknown_field", name, "unknown field; expected entities and features");
            }
        });
        JsonNode entities = root.path("entities");
        if (!entities.isObject() || entities.size() != 1) {
            throw new ApiException(400, "invalid_entities", "entities",
                    "an object with one entity key and its ids, e.g. {\"customer_id\": [\"c1\", \"c2\"]}");
        }
        String key = entities.fieldNames().next();
        RequestText.requirePrintable(key, "entities");
        List<String> ids = strings(entities.get(key), "entities." + key);
        List<String> features = strings(root.path("features"), "features");
        return lookup.batch(key, ids, features);
    }

    /** The body as one JSON value: anything but whitespace after it is refused, naming where it starts. */
    private JsonNode parse(byte[] body) {
        try (JsonParser parser = parsers.createParser(body)) {
            JsonNode root = json.readTree(parser);
            int end = (int) parser.currentLocation().getByteOffset();
            for (int i = end; i < body.length; i++) {
                byte b = body[i];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    throw new ApiException(400, "invalid_json", "body", "not one JSON value: unexpected content after "
                            + "it at " + position(body, i));
                }
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ApiException(400, "invalid_json", "body", "not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "body", "not JSON: " + e.getMessage());
        }
    }

    /** "line L, column C" (both from 1) of byte {@code offset}. */
    private static String position(byte[] body, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    private static List<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new ApiException(400, "not_a_list", field, "a JSON array of strings");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw new ApiException(400, "not_a_string", field + "[" + i + "]", "a string, found "
                        + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            String value = item.textValue();
            RequestText.requirePrintable(value, field + "[" + i + "]");
            out.add(value);
        }
        return out;
    }
}
