package io.fstore.source.cassandra;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;

/**
 * A {@link CqlSession} that connects on first use, not when FStore starts: the driver's builder fails at once when no
 * contact point answers, and a node that is away must fail the runs that need it (retried, checkpoint unmoved), not
 * FStore's start. A connect that fails is tried again at the next use; once connected the driver reconnects by itself.
 * {@code getKeyspace} answers the configured keyspace without connecting (camel-cassandraql asks for it when its
 * endpoint starts).
 */
final class LazySession {

    private LazySession() {
    }

    static CqlSession create(Supplier<CqlSession> connect, Optional<CqlIdentifier> keyspace) {
        Holder holder = new Holder(connect);
        return (CqlSession) Proxy.newProxyInstance(CqlSession.class.getClassLoader(), new Class<?>[] {CqlSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getKeyspace" -> keyspace;
                    case "close" -> {
                        holder.close();
                        yield null;
                    }
                    case "closeAsync", "forceCloseAsync" -> {
                        holder.close();
                        yield CompletableFuture.completedFuture(null);
                    }
                    case "isClosed" -> holder.isClosed();
                    case "toString" -> "LazySession[" + keyspace.map(CqlIdentifier::asInternal).orElse("") + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        try {
                            yield method.invoke(holder.session(), args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    private static final class Holder {
        private final Supplier<CqlSession> connect;
        private CqlSession session;
        private boolean closed;

        Holder(Supplier<CqlSession> connect) {
            this.connect = connect;
        }

        synchronized CqlSession session() {
            if (closed) {
                throw new IllegalStateException("the Cassandra session is closed");
            }
            if (session == null) {
                session = connect.get();
            }
            return session;
        }

        synchronized boolean isClosed() {
            return closed;
        }

        synchronized void close() {
            closed = true;
            if (session != null) {
                session.close();
            }
        }
    }
}
