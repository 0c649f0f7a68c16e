package io.fstore.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed API request into its answer: JSON {@code {error, detail, field}} with the status of the
 * {@link ApiException}, or 500 {@code internal_error} for anything unexpected. A refused request is logged at DEBUG;
 * an unexpected failure once at ERROR, on one line with an error id that the answer carries too (its detail never
 * reaches the client; the stack trace is logged at DEBUG under the same id). Logged request text is escaped.
 * The answer carries no header of the request: only Content-Type (and Retry-After when the request may be retried).
 */
public final class ApiErrors implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private final JsonFactory json = new JsonFactory();

    /** A failed request's answer: its status, its JSON body and, when it may be retried, seconds to wait (else 0). */
    public record Answer(int status, byte[] json, int retryAfterSeconds) {
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getMessage();
        Answer answer = answer(failure, request(message));
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (answer.retryAfterSeconds() > 0) {
            message.setHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setBody(answer.json());
    }

    /**
     * The answer to a request that failed with {@code failure}, logged as the class says.
     *
     * @param request the request line as received ("GET /path?query"), logged escaped
     */
    public Answer answer(Throwable failure, String request) {
        String escaped = RequestText.forLog(request);
        if (failure instanceof ApiException refused) {
            LOG.debug("{} refused: {} {} (field {}): {}", escaped, refused.status(), refused.error(),
                    RequestText.forLog(refused.field()), RequestText.forLog(refused.getMessage()));
            return new Answer(refused.status(), json(refused.error(), refused.getMessage(), refused.field()),
                    Math.max(0, refused.retryAfterSeconds()));
        }
        String id = UUID.randomUUID().toString();
        LOG.error("{} failed, error id {}: {}", escaped, id, RequestText.forLog(describe(failure), 2000));
        LOG.debug("Stack trace of error id {}", id, failure);
        return new Answer(500, json("internal_error", "the request failed unexpectedly; the server log has the cause "
                + "under error id " + id, null), 0);
    }

    private byte[] json(String error, String detail, String field) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(128 + detail.length());
        try (JsonGenerator out = json.createGenerator(body)) {
            out.writeStartObject();
            out.writeStringField("error", error);
            out.writeStringField("detail", detail);
            out.writeStringField("field", field);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    /** "GET /path?query" as received (still percent-encoded), escaped and shortened for a log line. */
    private static String request(Message message) {
        return message.getHeader(Exchange.HTTP_METHOD, "?", String.class) + " "
                + message.getHeader(Exchange.HTTP_URI, "?", String.class);
    }

    /** The exception and its causes, one after the other, without stack traces. */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "no exception recorded";
        }
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 5; t = t.getCause(), depth++) {
            text.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
