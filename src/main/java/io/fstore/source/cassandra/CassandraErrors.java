package io.fstore.source.cassandra;

import java.util.List;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadFailureException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.fstore.source.Causes;

/**
 * Sorts what camel-cassandraql and the driver throw into "retriable" (the node or the network is away for now: try the
 * run again later, the checkpoint is unmoved) and everything else (a CQL error, a refused login, a value that does not
 * bind). The whole cause chain is looked at.
 *
 * <p>Retriable: no node answered ({@link AllNodesFailedException}, which also covers
 * {@link com.datastax.oss.driver.api.core.NoNodeAvailableException}, unless a node refused the credentials), a closed
 * or dead connection, a request that timed out on the client ({@link DriverTimeoutException}) or on the server (read
 * timeout, read failure, too few replicas, overloaded or bootstrapping node).
 */
public final class CassandraErrors {

    private CassandraErrors() {
    }

    public static boolean isRetriable(Throwable error) {
        if (Causes.any(error, CassandraErrors::refusedLogin)) {
            return false;
        }
        return Causes.any(error, t -> t instanceof AllNodesFailedException || t instanceof NodeUnavailableException
                || t instanceof ClosedConnectionException || t instanceof ConnectionInitException
                || t instanceof HeartbeatException || t instanceof DriverTimeoutException
                || t instanceof ReadTimeoutException || t instanceof ReadFailureException
                || t instanceof UnavailableException || t instanceof OverloadedException
                || t instanceof BootstrappingException);
    }

    private static boolean refusedLogin(Throwable t) {
        if (t instanceof AuthenticationException) {
            return true;
        }
        if (t instanceof AllNodesFailedException all) {
            for (List<Throwable> errors : all.getAllErrors().values()) {
                for (Throwable e : errors) {
                    if (Causes.any(e, x -> x instanceof AuthenticationException)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
