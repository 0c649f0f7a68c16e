package io.fstore.pipeline;

/** A run met more bad rows than its group's quarantine limit allows: it stops before its checkpoint passes them. */
public final class QuarantineLimitExceededException extends RuntimeException {

    public QuarantineLimitExceededException(String message) {
        super(message);
    }
}
