package io.fstore.runtime.http;

import java.util.List;
import java.util.concurrent.Callable;

import io.fstore.observe.HttpMetrics;
import io.fstore.serving.ApiErrors;
import io.fstore.serving.OnlineApi;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The serving API's two reads, {@code GET /features/{group}/{entityId}} and {@code GET /features/{group}?ids}, answered
 * by Vert.x handlers instead of their REST DSL routes ({@code api.online}, {@code api.online.many} in
 * routes/api/online.camel.yaml): the same {@link OnlineApi} calls, the same JSON errors ({@link ApiErrors}), the same
 * 406 for an {@code Accept} that excludes JSON, the same worker-thread hop and the same request metrics under those
 * route ids, without a Camel exchange, message and header map per request. On the serving benchmark that exchange
 * cost more CPU than the lookup itself.
 *
 * <p>The REST DSL still declares both operations (the OpenAPI document) and serves them when
 * {@code fstore.api.direct-reads=false}: set that to change those two routes in YAML.
 */
public final class DirectReads implements ApiRouterRoutes {

    static final String ONE_ROUTE = "api.online";
    static final String MANY_ROUTE = "api.online.many";
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
    public void mount(Router router) {
        router.get("/features/:group/:entityId").order(-1).produces(JSON).handler(ctx -> serve(ctx, ONE_ROUTE,
                () -> api.one(ctx.request().query(), ctx.pathParam("group"), ctx.pathParam("entityId"))));
        router.get("/features/:group").order(-1).produces(JSON).handler(ctx -> serve(ctx, MANY_ROUTE,
                () -> api.many(ctx.request().query(), ctx.pathParam("group"), name -> {
                    List<String> values = ctx.queryParam(name);
                    return values.isEmpty() ? null : values;
                })));
    }

    /** Computes the answer on a worker thread (stores may block), then writes it from the request's event loop. */
    private void serve(RoutingContext ctx, String route, Callable<byte[]> answer) {
        long started = System.nanoTime();
        ctx.vertx().executeBlocking(answer, false).onComplete(done -> {
            int status = respond(ctx, done);
            metrics.record(route, status, System.nanoTime() - started);
        });
    }

    private int respond(RoutingContext ctx, AsyncResult<byte[]> done) {
        HttpServerResponse response = ctx.response();
        int status = 200;
        byte[] body;
        if (done.succeeded()) {
            body = done.result();
        } else {
            ApiErrors.Answer failed = errors.answer(done.cause(), ctx.request().method().name() + " "
                    + ctx.request().uri());
            status = failed.status();
            body = failed.json();
            if (failed.retryAfterSeconds() > 0) {
                response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(failed.retryAfterSeconds()));
            }
        }
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(body));
        }
        return status;
    }
}
