package io.fstore.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import com.mongodb.MongoException;
import io.fstore.runtime.FStoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MongoKind#ping}, what the readiness check {@code connection:<name>} asks a mongodb connection, on a
 * MongoDB-protocol server this test owns, stopped and started again on the same port.
 */
class MongoKindIT {

    @RegisterExtension
    static final TestMongo MONGO = TestMongo.dedicated();

    private final MongoKind kind = new MongoKind();

    @Test
    void the_ping_answers_fails_within_its_timeout_while_the_server_is_away_and_answers_again_once_it_is_back()
            throws Exception {
        Properties props = new Properties();
        props.setProperty("fstore.connection.docs.kind", "mongodb");
        props.setProperty("fstore.connection.docs.uri", MONGO.uri());
        try (AutoCloseable docs = kind.open(FStoreSettings.from(props, "test").connections().get("docs"),
                Duration.ofMinutes(1))) {
            kind.ping(docs, Duration.ofSeconds(1));

            MONGO.stopServer();
            assertThatThrownBy(() -> kind.ping(docs, Duration.ofMillis(500))).as("on the pooled connection")
                    .isInstanceOf(MongoException.class);
            long started = System.nanoTime();
            assertThatThrownBy(() -> kind.ping(docs, Duration.ofMillis(500))).as("finding no server")
                    .isInstanceOf(MongoException.class).hasMessageContaining("127.0.0.1:" + MONGO.port());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the timeout, not by "
                    + "serverSelectionTimeoutMS (30 s)").isLessThan(Duration.ofSeconds(3));

            MONGO.restartServer();
            awaitPing(docs);
        }
    }

    /** The client finds the server again within its heartbeat (at most a few seconds). */
    private void awaitPing(AutoCloseable docs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                kind.ping(docs, Duration.ofSeconds(1));
                return;
            } catch (MongoException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
