package io.fstore.pipeline;

/**
 * A failure worth trying again (a source or sink that is briefly unreachable): the run's error policy redelivers the
 * failed step with backoff (routes/errors.camel.yaml) before it fails the run. Bad data is never retriable: it is
 * quarantined. Anything else fails the run at once.
 */
public class RetriableException extends RuntimeException {

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
