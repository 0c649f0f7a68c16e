package io.fstore.runtime.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

import io.fstore.observe.HttpMetrics;
import io.fstore.serving.ApiErrors;
import io.fstore.serving.OnlineApi;
import io.netty.buffer.Unpooled;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.AsyncInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving API's reads, {@code GET /features/{group}/{entityId}}, {@code GET /features/{group}?ids} and
 * {@code POST /features/online}, answered by Vert.x handlers instead of their REST DSL routes ({@code api.online},
 * {@code api.online.many}, {@code api.online.batch} in routes/api/online.camel.yaml): the same {@link OnlineApi} calls,
 * the same JSON errors ({@link ApiErrors}), the same 406/415 for an {@code Accept} or {@code Content-Type} other than
 * JSON, the same body limit, the same worker-thread hop and the same request metrics under those route ids, without a
 * Camel exchange, message and header map per request. On the serving benchmark that exchange cost more CPU than the
 * lookup itself.
 *
 * <p>The REST DSL still declares the operations (the OpenAPI document) and serves them when
 * {@code fstore.api.direct-reads=false}: set that to change those routes in YAML.
 */
public final class DirectReads implements ApiRouterRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(DirectReads.class);
    static final String ONE_ROUTE = "api.online";
    static final String MANY_ROUTE = "api.online.many";
    static final String BATCH_ROUTE = "api.online.batch";
    private static final String JSON = "application/json";
    private final OnlineApi api;
    private final ApiErrors errors;
    private final HttpMetrics metrics;

    public DirectReads(OnlineApi api, ApiErrors errors, HttpMetrics metrics) {
        this.api = api;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> body) {
        router.get("/features/:group/:entityId").order(-1).produces(JSON).handler(ctx -> serve(ctx, ONE_ROUTE,
                () -> api.one(ctx.request().query(), ctx.pathParam("group"), ctx.pathParam("entityId"))));
        router.get("/features/:group").order(-1).produces(JSON).handler(ctx -> serve(ctx, MANY_ROUTE,
                () -> api.many(ctx.request().query(), ctx.pathParam("group"))));
        router.post("/features/online").order(-1).consumes(JSON).produces(JSON).handler(body)
                .handler(ctx -> serve(ctx, BATCH_ROUTE, () -> api.batch(ctx.request().query(), bytes(ctx.body()))));
    }

    private static byte[] bytes(RequestBody body) {
        Buffer buffer = body.buffer();
        return buffer == null ? null : buffer.getBytes();
    }

    /**
     * Computes the answer on a worker thread (stores may block), then writes it from the request's event loop: bytes
     * at once, a stream (a large batch answer) as platform-http does, read on worker threads while it is sent.
     */
    private void serve(RoutingContext ctx, String route, Callable<Object> answer) {
        long started = System.nanoTime();
        ctx.vertx().executeBlocking(answer, false).onComplete(done -> {
            if (done.succeeded() && done.result() instanceof InputStream stream) {
                stream(ctx, route, started, stream);
            } else {
                metrics.record(route, respond(ctx, done), System.nanoTime() - started);
            }
        });
    }

    private int respond(RoutingContext ctx, AsyncResult<Object> done) {
        HttpServerResponse response = ctx.response();
        int status = 200;
        Buffer body;
        if (done.succeeded()) {
            body = buffer(done.result());
        } else {
            ApiErrors.Answer failed = errors.answer(done.cause(), requestLine(ctx));
            status = failed.status();
            body = Buffer.buffer(failed.json());
            if (failed.retryAfterSeconds() > 0) {
                response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(failed.retryAfterSeconds()));
            }
        }
        if (!response.ended() && !response.closed()) { // else the client left: nothing to answer
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
        }
        return status;
    }

    /**
     * Sends a streamed answer chunk by chunk. Its 200 head goes out first, so a failure part-way can no longer become
     * a JSON error: it is logged with an error id (as a 500 would be) and the connection is closed without ending the
     * body, so the client sees a broken transfer rather than a complete-looking answer. A client that leaves is only
     * logged at DEBUG.
     */
    private void stream(RoutingContext ctx, String route, long started, InputStream answer) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).setChunked(true);
        FailureRecording stream = new FailureRecording(answer);
        AsyncInputStream chunks = new AsyncInputStream(ctx.vertx(), ctx.vertx().getOrCreateContext(), stream);
        chunks.pipe().endOnFailure(false).to(response).onComplete(sent -> {
            chunks.exceptionHandler(late -> LOG.debug("{}: {} after its answer was sent or abandoned",
                    ErrorAnswer.printable(requestLine(ctx)), late.toString()));
            chunks.close(closed -> { });
            int status = 200;
            if (sent.failed() && stream.failure == null) { // the answer was fine: writing it failed
                LOG.debug("{}: the client left while its answer was being sent ({})",
                        ErrorAnswer.printable(requestLine(ctx)), sent.cause().toString());
            } else if (sent.failed()) {
                status = errors.answer(stream.failure, requestLine(ctx)).status();
                ctx.request().connection().close();
            }
            metrics.record(route, status, System.nanoTime() - started);
        });
    }

    /** An answer's stream that remembers why writing it failed, to tell that from the client leaving. */
    private static final class FailureRecording extends FilterInputStream {
        private volatile Throwable failure;

        FailureRecording(InputStream answer) {
            super(answer);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                throw e;
            }
        }
    }

    /** "POST /features/online?query" as received, for logs (escaped where it is logged). */
    private static String requestLine(RoutingContext ctx) {
        return ctx.request().method().name() + " " + ctx.request().uri();
    }

    private static Buffer buffer(Object answer) {
        return Buffer.buffer(Unpooled.wrappedBuffer(answer instanceof byte[] bytes ? ByteBuffer.wrap(bytes)
                : (ByteBuffer) answer));
    }
}
