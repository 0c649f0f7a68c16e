package io.fstore.runtime.http;

import io.vertx.ext.web.Router;

/**
 * Routes that FStore's HTTP server mounts on the API router itself when it starts, ahead of the routes platform-http
 * adds for the REST DSL: the server finds every bean of this type in the registry.
 */
public interface ApiRouterRoutes {

    /** Adds this bean's routes to {@code api} (the router every API request reaches). */
    void mount(Router api);
}
