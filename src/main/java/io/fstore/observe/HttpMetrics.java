package io.fstore.observe;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What Camel's route meters miss on the HTTP API: the status code. {@code fstore_http_requests_seconds{route,status}}
 * (a histogram: its {@code _count} is the number of requests) for every exchange of a route whose id starts with
 * {@code api.}, timed from when the request's exchange was created to when it completed.
 */
public final class HttpMetrics extends EventNotifierSupport {

    private final MeterRegistry registry;
    /** One timer per route and status, built once: a request only records (no meter lookup per request). */
    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        if (route == null || !route.startsWith("api.")) {
            return;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int code = status != null ? status : exchange.getException() != null ? 500 : 200;
        record(route, code, TimeUnit.MILLISECONDS.toNanos(exchange.getClock().elapsed()));
    }

    /** One answered request of {@code route} (an {@code api.*} route id), also for requests served without an exchange. */
    public void record(String route, int status, long nanos) {
        timers.computeIfAbsent(route + ' ' + status, key -> Timer.builder("fstore.http.requests")
                        .description("HTTP API requests by route and status code")
                        .tag("route", route).tag("status", String.valueOf(status)).publishPercentileHistogram()
                        .minimumExpectedValue(java.time.Duration.ofNanos(100_000))
                        .maximumExpectedValue(java.time.Duration.ofSeconds(30)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
