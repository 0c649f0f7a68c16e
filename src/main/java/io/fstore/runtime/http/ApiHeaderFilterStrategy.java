package io.fstore.runtime.http;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * What crosses between HTTP and Camel headers on every platform-http endpoint. platform-http copies every request
 * header and query parameter into the message and every message header back into the response; with this strategy
 * only {@link #RESPONSE_HEADERS} (set by the routes) become response headers, and request headers or query parameters
 * with those names never enter the message, so no input is ever echoed as a header. Content-Type is written by
 * platform-http from the message apart from this filter.
 */
public final class ApiHeaderFilterStrategy implements HeaderFilterStrategy {

    /** Lower-case names of the message headers that may become response headers. */
    public static final Set<String> RESPONSE_HEADERS = Set.of("retry-after", "allow",
            "content-security-policy");
    private final HeaderFilterStrategy inboundDefaults = new HttpHeaderFilterStrategy();

    /** Camel message to HTTP response: {@code true} drops the header. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** HTTP request headers and query parameters to the Camel message: {@code true} drops the header. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                || inboundDefaults.applyFilterToExternalHeaders(name, value, exchange);
    }
}
