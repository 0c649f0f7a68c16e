package io.fstore.runtime.http;

/** The HTTP server cannot listen where it is configured to; the message is one line saying what to change. */
public final class HttpServerStartException extends RuntimeException {

    public HttpServerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This exception when it is (or caused) {@code failure}, else null. */
    public static HttpServerStartException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpServerStartException e) {
                return e;
            }
        }
        return null;
    }
}
