package io.fstore.runtime.http;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's Vert.x engine, with three things every FStore endpoint gets whatever its route or configuration
 * says: the {@link ApiHeaderFilterStrategy}; an exchange that fails past its route's error handling answers JSON 500
 * with an error id instead of a plain-text stack trace; and a response that cannot be written is logged once (by the
 * server's 500 handler), not also with a stack trace by the consumer.
 */
public final class FStorePlatformHttpEngine extends VertxPlatformHttpEngine {

    /** platform-http looks its engine up under this name. */
    public static final String BEAN_NAME = "platform-http-engine";
    private static final Logger LOG = LoggerFactory.getLogger(FStorePlatformHttpEngine.class);
    private final ApiHeaderFilterStrategy headers = new ApiHeaderFilterStrategy();

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        endpoint.setHeaderFilterStrategy(headers);
        PlatformHttpConsumer consumer = super.createConsumer(endpoint, new UnhandledFailureAnswer(processor));
        if (consumer instanceof VertxPlatformHttpConsumer vertx) {
            vertx.setExceptionHandler(new QuietExceptionHandler());
        }
        return consumer;
    }

    /** The consumer's report of a failed request: the server's 500 handler already logs it once with its error id. */
    private static final class QuietExceptionHandler implements ExceptionHandler {

        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            LOG.debug("{} (answered and logged by the HTTP server)", message, exception);
        }
    }

    /** Turns an exchange that still has an exception when its route is done into a JSON 500 with an error id. */
    static final class UnhandledFailureAnswer extends DelegateAsyncProcessor {

        UnhandledFailureAnswer(Processor route) {
            super(route);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            return super.process(exchange, doneSync -> {
                answer(exchange);
                callback.done(doneSync);
            });
        }

        private static void answer(Exchange exchange) {
            Exception failure = exchange.getException();
            if (failure == null) {
                return;
            }
            Message message = exchange.getMessage();
            ErrorAnswer error = ErrorAnswer.internalError(message.getHeader(Exchange.HTTP_METHOD, String.class),
                    message.getHeader(Exchange.HTTP_PATH, String.class), failure);
            exchange.setException(null);
            message.getHeaders().clear();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
            message.setHeader(Exchange.CONTENT_TYPE, ErrorAnswer.CONTENT_TYPE);
            message.setBody(error.json());
        }
    }
}
