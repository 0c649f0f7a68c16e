package io.fstore.source.mongodb;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.fstore.source.Causes;

/**
 * Sorts what camel-mongodb and the driver throw into "retriable" (the server or the network is away for now: try
 * the run again later, the checkpoint is unmoved) and everything else. camel-mongodb wraps driver errors
 * ({@code CamelMongoDbException}, {@code FailedToCreateProducerException}), so the whole cause chain is looked at.
 *
 * <p>Retriable: {@link MongoSocketException} (refused, reset, "Prematurely reached end of stream" when the server
 * goes away mid-cursor, read timeouts), {@link MongoTimeoutException} (no server selectable within
 * {@code serverSelectionTimeoutMS}), {@link MongoConnectionPoolClearedException} (another operation just saw the
 * server fail), a primary stepping down, and any server error labelled {@code RetryableReadError}. A getMore on a
 * cursor that died with its server cannot be resumed: the retry starts the read again from the saved checkpoint.
 */
public final class MongoErrors {

    private MongoErrors() {
    }

    public static boolean isRetriable(Throwable error) {
        return Causes.any(error, t -> t instanceof MongoSocketException || t instanceof MongoTimeoutException
                || t instanceof MongoConnectionPoolClearedException || t instanceof MongoNotPrimaryException
                || t instanceof MongoNodeIsRecoveringException
                || t instanceof MongoException m && m.hasErrorLabel("RetryableReadError"));
    }
}
