package io.fstore.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The errors the HTTP server answers itself, in the API's format {@code {"error", "detail", "field"}}: {@code error}
 * is a stable code, {@code detail} says what to do, {@code field} names the part of the request that is wrong (or is
 * null).
 */
public record ErrorAnswer(int status, String error, String detail, String field) {

    public static final String CONTENT_TYPE = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest text of a failure put into the log line. */
    private static final int MAX_LOGGED = 500;

    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        body.put("field", field);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a map of strings always serializes
        }
    }

    /**
     * An unexpected failure: logged as one ERROR line with a new error id (the stack trace only at DEBUG), answered
     * with that id and never with the failure's own message.
     */
    public static ErrorAnswer internalError(String method, String path, Throwable failure) {
        String id = UUID.randomUUID().toString();
        LOG.error("HTTP {} {} failed, error id {}: {}", printable(method), printable(path), id, printable(
                failure == null ? "no exception" : failure.toString()));
        LOG.debug("Stack trace of error id {}", id, failure);
        return new ErrorAnswer(500, "internal_error", "Unexpected server error, error id " + id
                + "; the server log has the same id", null);
    }

    /** One line without control characters (nothing from a request can start a fake log line), at most 500 chars. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_LOGGED));
        for (int i = 0; i < text.length() && sb.length() < MAX_LOGGED; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > MAX_LOGGED ? sb + "..." : sb.toString();
    }
}
