package io.fstore.runtime.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Routes that FStore's HTTP server mounts on the API router itself when it starts, ahead of the routes platform-http
 * adds for the REST DSL: the server finds every bean of this type in the registry.
 */
public interface ApiRouterRoutes {

    /**
     * Adds this bean's routes to {@code api} (the router every API request reaches).
     *
     * @param body reads a request's body as platform-http's routes do (within camel.server.max-body-size)
     */
    void mount(Router api, Handler<RoutingContext> body);
}
