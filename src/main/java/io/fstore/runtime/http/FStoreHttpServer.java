package io.fstore.runtime.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fstore.definition.Durations;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StaticService;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x HTTP server platform-http serves the API on, in place of camel-platform-http-main's: that one builds its
 * {@link HttpServerOptions} where nothing can reach them (no timeouts, a 4 KiB request line), answers its own errors
 * in HTML or empty, and only logs a port it cannot bind. This one applies {@link HttpSettings}, answers every error
 * as JSON ({@link ServerErrors}), and fails startup when it cannot listen.
 *
 * <p>platform-http consumers find it as Camel Main's server would be found: a {@link VertxPlatformHttpRouter} bound
 * as {@code platform-http-router-<port>}, and a {@link VertxPlatformHttpServerConfiguration} bean for the port.
 */
public final class FStoreHttpServer extends ServiceSupport implements CamelContextAware, StaticService {

    private static final Logger LOG = LoggerFactory.getLogger(FStoreHttpServer.class);
    private static final long LISTEN_TIMEOUT_SECONDS = 30;
    private final String host;
    private final int port;
    private final Long maxBodySize;
    private final HttpSettings settings;
    private CamelContext camelContext;
    private Vertx vertx;
    private HttpServer server;
    private String routerName;

    FStoreHttpServer(String host, int port, Long maxBodySize, HttpSettings settings) {
        this.host = host;
        this.port = port;
        this.maxBodySize = maxBodySize;
        this.settings = settings;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    protected void doStart() throws Exception {
        vertx = Vertx.vertx();
        ConnectionDeadlines deadlines = new ConnectionDeadlines(vertx, settings);
        Router root = Router.router(vertx);
        Router api = Router.router(vertx);
        root.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ServerErrors.restrictHeaders(ctx);
            deadlines.handle(ctx);
        });
        root.route("/*").subRouter(api);
        // a request no route matches fails on the root router, one that fails while matching (e.g. a malformed query)
        // or in a failure handler on the router of its route
        ServerErrors errors = new ServerErrors(this::endpoints, maxBodySize);
        errors.install(root);
        errors.install(api);
        bindForPlatformHttp(api);
        camelContext.getRegistry().findByType(ApiRouterRoutes.class).forEach(routes -> routes.mount(api, bodyHandler()));

        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) settings.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(settings.maxRequestLine())
                .setMaxHeaderSize(HttpSettings.MAX_HEADER_SIZE)
                // with h2c on, Vert.x sees an HTTP/1 connection only once its first request head is complete, so
                // a client dribbling that head would never reach the header deadline
                .setHttp2ClearTextEnabled(false);
        server = vertx.createHttpServer(options)
                .connectionHandler(deadlines::awaitHeaders)
                .invalidRequestHandler(request -> {
                    deadlines.headersReceived(request.connection());
                    ServerErrors.invalidRequest(request);
                })
                .requestHandler(request -> {
                    deadlines.headersReceived(request.connection());
                    root.handle(request);
                });
        listen();
        LOG.info("HTTP server listening on http://{}:{} (header timeout {}, body timeout {}, idle timeout {}, "
                        + "request line up to {} bytes, body up to {} bytes)", host, server.actualPort(),
                Durations.format(settings.headerTimeout()), Durations.format(settings.bodyTimeout()),
                Durations.format(settings.idleTimeout()), settings.maxRequestLine(),
                maxBodySize == null ? "any" : maxBodySize);
    }

    /**
     * Fails when the port cannot be bound, before Camel starts anything: a failure while Camel starts its services is
     * also logged by Camel with a stack trace, this one only reaches the caller. (The server itself binds later, in
     * {@link #doStart}, and fails startup too if the port was taken in between.)
     */
    static void checkCanListen(String host, int port) {
        checkCanListen(host, port, "camel.server");
    }

    /** @param prefix the properties of this server ({@code camel.server} or {@code camel.management}) */
    static void checkCanListen(String host, int port, String prefix) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Vert.x binds
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw cannotListen(host, port, e, prefix);
        }
    }

    private void listen() throws InterruptedException {
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeVertx();
            throw cannotListen(host, port, e instanceof ExecutionException ? e.getCause() : e, "camel.server");
        }
    }

    private static HttpServerStartException cannotListen(String host, int port, Throwable cause, String prefix) {
        if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
            return new HttpServerStartException("port " + port + " on " + host + " is already in use "
                    + "(" + prefix + ".port); stop what uses it or set " + prefix + ".port to a free port", cause);
        }
        return new HttpServerStartException("cannot listen on " + host + ":" + port
                + " (" + prefix + ".host, " + prefix + ".port): " + cause, cause);
    }

    /** What platform-http consumers look up: the router for their port, and the port itself. */
    private void bindForPlatformHttp(Router api) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(host);
        configuration.setBindPort(port);
        configuration.setMaxBodySize(maxBodySize);
        camelContext.getRegistry().bind("fstoreHttpServerConfiguration", configuration);
        routerName = VertxPlatformHttpRouter.getRouterNameFromPort(port);
        camelContext.getRegistry().bind(routerName, new VertxPlatformHttpRouter(null, vertx, api, routerName) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return FStoreHttpServer.this.bodyHandler();
            }
        });
    }

    /** Reads a request's body into memory, up to camel.server.max-body-size (else 413). */
    private Handler<RoutingContext> bodyHandler() {
        BodyHandler body = BodyHandler.create(false); // no file uploads to disk
        if (maxBodySize != null) {
            body.setBodyLimit(maxBodySize);
        }
        return ctx -> {
            ctx.request().resume();
            body.handle(ctx);
        };
    }

    private Set<HttpEndpointModel> endpoints() {
        return camelContext.getComponent("platform-http", PlatformHttpComponent.class).getHttpEndpoints();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            server = null;
        }
        if (routerName != null) {
            camelContext.getRegistry().unbind(routerName);
            routerName = null;
        }
        closeVertx();
    }

    private void closeVertx() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Vert.x did not close cleanly: {}", e.toString());
            }
            vertx = null;
        }
    }
}
