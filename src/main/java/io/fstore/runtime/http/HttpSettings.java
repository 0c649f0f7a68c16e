package io.fstore.runtime.http;

import java.time.Duration;

/**
 * Limits of the HTTP server under the serving API ({@code fstore.http.*}).
 *
 * @param headerTimeout  a connection must deliver a complete request line and headers within this time, counted from
 *                       when it opens or when the previous answer was sent; else it is closed (slow clients that
 *                       dribble header bytes, idle keep-alive connections)
 * @param bodyTimeout    once the headers are in, the body must be complete within this time; else 408 JSON and the
 *                       connection is closed
 * @param idleTimeout    a connection on which nothing is read or written for this long is closed (also while a request
 *                       is being answered, so keep it above the slowest answer)
 * @param maxRequestLine longest request line ({@code GET /features/g?customer_id=c1,c2,... HTTP/1.1}) in bytes; longer
 *                       ones get 414 JSON
 */
public record HttpSettings(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxRequestLine) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** 1000 ids (fstore.api.max-entities) of up to 60 characters in one GET. */
    public static final int DEFAULT_MAX_REQUEST_LINE = 65_536;
    /** All request headers together (Vert.x's default); larger ones get 431 JSON. Not configurable. */
    public static final int MAX_HEADER_SIZE = 8_192;

    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_REQUEST_LINE);
    }
}
