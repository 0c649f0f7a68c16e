package io.fstore.pipeline;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.function.Predicate;

import io.fstore.source.Causes;
import io.fstore.source.RowChunker;
import io.fstore.source.SourceKind;
import org.apache.camel.Exchange;

/**
 * Which failures of a run are worth trying again (routes/errors.camel.yaml redelivers them with backoff): a network
 * blip anywhere in the cause chain (connection refused or reset, no route, a pool that got no connection in time, a Redis
 * connection error, {@link RetriableException}), or what a source kind calls retriable (see
 * {@link SourceKind#isRetriable}: a MongoDB server-selection timeout, say). Bad data never is: it is quarantined.
 * A source timeout is not retried either: source.timeout bounds how long a request may wait. Nor is a failure while
 * records stream ({@link RowChunker.SourceReadException}): the run fails and the next resumes from its checkpoint.
 */
public final class Retriable implements Predicate<Throwable> {

    private final List<SourceKind> kinds;

    public Retriable(List<SourceKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** The error policy's {@code onWhen}: the exchange's failure is retriable. */
    public boolean matches(Exchange exchange) {
        Throwable e = exchange.getException();
        if (e == null) {
            e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        return e != null && test(e);
    }

    @Override
    public boolean test(Throwable error) {
        if (Causes.find(error, RowChunker.SourceReadException.class).isPresent()) {
            return false; // a broken stream is never redelivered (see SourceReadException)
        }
        if (Causes.any(error, t -> t instanceof RetriableException || t instanceof java.net.SocketException
                || t instanceof ConnectException || t instanceof NoRouteToHostException
                || t instanceof SQLTransientConnectionException
                || t instanceof redis.clients.jedis.exceptions.JedisConnectionException)) {
            return true;
        }
        for (SourceKind kind : kinds) {
            if (kind.isRetriable(error)) {
                return true;
            }
        }
        return false;
    }
}
