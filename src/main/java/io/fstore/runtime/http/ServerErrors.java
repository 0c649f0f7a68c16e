package io.fstore.runtime.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the HTTP server answers before or after the routes, as JSON {@link ErrorAnswer}s: unknown paths (404),
 * methods a path does not serve (405 with the right {@code Allow}), {@code Accept} or {@code Content-Type} it cannot
 * serve (406, 415), request lines and headers over the limits (414, 431), malformed requests (400), bodies over
 * {@code camel.server.max-body-size} (413) and unexpected failures (500 with an error id, logged once). Also keeps
 * response headers to the ones the API sends.
 */
final class ServerErrors {

    /** Lower-case names of the only headers a response may carry. */
    static final Set<String> SENT_HEADERS;

    static {
        Set<String> names = new HashSet<>(ApiHeaderFilterStrategy.RESPONSE_HEADERS);
        names.addAll(Set.of("content-type", "content-length", "transfer-encoding", "connection"));
        SENT_HEADERS = Set.copyOf(names);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrors.class);
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^/}]+}");
    private final Supplier<Set<HttpEndpointModel>> endpoints;
    private final Long maxBodySize;

    /**
     * @param endpoints   the paths platform-http serves with their methods
     * @param maxBodySize camel.server.max-body-size, or null
     */
    ServerErrors(Supplier<Set<HttpEndpointModel>> endpoints, Long maxBodySize) {
        this.endpoints = endpoints;
        this.maxBodySize = maxBodySize;
    }

    /** Registers a JSON answer for every 4xx and 5xx status the router may end a request with. */
    void install(Router root) {
        for (int status = 400; status < 600; status++) {
            int code = status;
            root.errorHandler(code, ctx -> handle(ctx, code));
        }
        // Vert.x's BodyHandler fails a request whose body cannot be read (e.g. the client left) with status 200
        root.errorHandler(200, ctx -> handle(ctx, 400));
    }

    /** A request Netty could not decode: line or headers too long, or malformed. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ErrorAnswer answer;
        if (cause instanceof TooLongHttpLineException) {
            answer = new ErrorAnswer(414, "uri_too_long", "The request line is longer than the server accepts "
                    + "(fstore.http.max-request-line); for many ids use POST /features/online", "uri");
        } else if (cause instanceof TooLongHttpHeaderException) {
            answer = new ErrorAnswer(431, "headers_too_large", "The request headers are larger than "
                    + HttpSettings.MAX_HEADER_SIZE + " bytes", "headers");
        } else {
            answer = new ErrorAnswer(400, "bad_request", "The request is not valid HTTP/1.1", null);
        }
        answerAndClose(request, answer);
    }

    /** Drops, just before they are written, any response header that is not one the API sends. */
    static void restrictHeaders(RoutingContext ctx) {
        ctx.addHeadersEndHandler(writing -> {
            MultiMap headers = ctx.response().headers();
            for (String name : new ArrayList<>(headers.names())) {
                if (!SENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.remove(name);
                }
            }
        });
    }

    /** Answers and closes the connection (the rest of the request is not worth reading). */
    static void answerAndClose(HttpServerRequest request, ErrorAnswer answer) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        response.headers().clear();
        response.setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, ErrorAnswer.CONTENT_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(answer.json()).onComplete(written -> request.connection().close());
    }

    private void handle(RoutingContext ctx, int status) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            LOG.debug("HTTP {} {} failed after it was answered or the client left ({})", ctx.request().method(),
                    ErrorAnswer.printable(ctx.normalizedPath()), status, ctx.failure());
            return;
        }
        if (status == 400 || status == 408 || status == 413) { // what is left of the request is not worth reading
            answerAndClose(ctx.request(), answer(ctx, status));
            return;
        }
        String allow = status == 405 ? allowedMethods(ctx.normalizedPath()) : null;
        ErrorAnswer answer = status == 405 ? new ErrorAnswer(405, "method_not_allowed",
                ctx.request().method().name() + " is not served on this path; allowed: " + allow, "method")
                : answer(ctx, status);
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        response.headers().clear();
        if (allow != null) {
            response.putHeader(HttpHeaders.ALLOW, allow);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ErrorAnswer.CONTENT_TYPE)
                .end(answer.json());
    }

    private ErrorAnswer answer(RoutingContext ctx, int status) {
        return switch (status) {
            case 400 -> new ErrorAnswer(400, "bad_request", "The request could not be read", null);
            case 404 -> new ErrorAnswer(404, "not_found", "No such path; this server answers "
                    + String.join(", ", paths()), "path");
            case 406 -> new ErrorAnswer(406, "not_acceptable",
                    "This path cannot answer in a type the Accept header allows; the API answers application/json",
                    "Accept");
            case 408 -> new ErrorAnswer(408, "request_timeout", "The request did not arrive in time", "body");
            case 413 -> new ErrorAnswer(413, "request_too_large", "The body is larger than "
                    + (maxBodySize == null ? "the server accepts" : maxBodySize + " bytes")
                    + " (camel.server.max-body-size)", "body");
            case 415 -> new ErrorAnswer(415, "unsupported_media_type",
                    "Send the body as JSON with Content-Type: application/json", "Content-Type");
            case 500 -> ErrorAnswer.internalError(ctx.request().method().name(), ctx.normalizedPath(), ctx.failure());
            default -> {
                String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
                yield new ErrorAnswer(status, reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"), reason,
                        null);
            }
        };
    }

    /** The methods platform-http serves on this path, e.g. {@code GET, POST}. */
    String allowedMethods(String path) {
        SortedSet<String> methods = new TreeSet<>();
        for (HttpEndpointModel endpoint : endpoints.get()) {
            if (endpoint.getVerbs() != null && matches(endpoint.getUri(), path)) {
                for (String verb : endpoint.getVerbs().split(",")) {
                    methods.add(verb.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        return String.join(", ", methods);
    }

    private SortedSet<String> paths() {
        return endpoints.get().stream().map(HttpEndpointModel::getUri).collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code /features/{group}} matches {@code /features/spend}: each {param} is one path segment. */
    static boolean matches(String template, String path) {
        if (template == null || path == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        java.util.regex.Matcher m = PATH_PARAMETER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return path.matches(regex.toString());
    }
}
