package io.fstore.runtime.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fstore.definition.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * The header and body timeouts of {@link HttpSettings}, kept with Vert.x timers. Vert.x's own idle timeout does not
 * stop a client that sends one header byte every few seconds; this does.
 *
 * <p>Header deadline: armed when a connection opens and again when an answer ends (keep-alive), cancelled when a
 * request's headers are complete; when it fires the connection is closed. Body deadline: armed when the headers are
 * complete, cancelled when the answer ends; when it fires while the body is still arriving the client gets 408 and
 * the connection is closed.
 */
final class ConnectionDeadlines {

    private final Vertx vertx;
    private final long headerTimeoutMs;
    private final long bodyTimeoutMs;
    private final String bodyTimeout;
    private final Map<HttpConnection, Long> headerTimers = new ConcurrentHashMap<>();

    ConnectionDeadlines(Vertx vertx, HttpSettings settings) {
        this.vertx = vertx;
        this.headerTimeoutMs = settings.headerTimeout().toMillis();
        this.bodyTimeoutMs = settings.bodyTimeout().toMillis();
        this.bodyTimeout = Durations.format(settings.bodyTimeout());
    }

    /** A connection opened, or finished an answer and waits for the next request. */
    void awaitHeaders(HttpConnection connection) {
        long timer = vertx.setTimer(headerTimeoutMs, fired -> {
            if (headerTimers.remove(connection) != null) {
                connection.close();
            }
        });
        Long previous = headerTimers.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
        connection.closeHandler(closed -> headersReceived(connection));
    }

    /** A request's line and headers are complete (or were refused). */
    void headersReceived(HttpConnection connection) {
        Long timer = headerTimers.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** First handler of every request: the body deadline, and the header deadline again once it is answered. */
    void handle(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        long bodyTimer = vertx.setTimer(bodyTimeoutMs, fired -> {
            if (!ctx.request().isEnded() && !ctx.response().ended() && !ctx.response().closed()) {
                ServerErrors.answerAndClose(ctx.request(), new ErrorAnswer(408, "request_timeout",
                        "The body did not arrive within " + bodyTimeout + " (fstore.http.body-timeout)",
                        "body"));
            }
        });
        ctx.addEndHandler(ended -> {
            vertx.cancelTimer(bodyTimer);
            if (!ctx.response().closed()) {
                awaitHeaders(connection);
            }
        });
        ctx.next();
    }
}
