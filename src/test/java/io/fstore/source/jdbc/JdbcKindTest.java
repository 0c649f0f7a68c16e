package io.fstore.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import io.fstore.it.FStoreHarness;
import io.fstore.runtime.FStoreSettings;
import org.junit.jupiter.api.Test;

/** {@link JdbcKind#ping}: what the readiness check {@code connection:<name>} asks a jdbc connection. */
class JdbcKindTest {

    private final JdbcKind kind = new JdbcKind();

    private AutoCloseable open(String url, String... more) {
        Properties props = new Properties();
        props.setProperty("fstore.connection.dw.kind", "jdbc");
        props.setProperty("fstore.connection.dw.url", url);
        for (int i = 0; i < more.length; i += 2) {
            props.setProperty("fstore.connection.dw." + more[i], more[i + 1]);
        }
        return kind.open(FStoreSettings.from(props, "test").connections().get("dw"), Duration.ofMinutes(1));
    }

    private static String h2() {
        return "jdbc:h2:mem:ping_" + System.nanoTime();
    }

    @Test
    void a_database_that_answers_answers_the_ping() throws Exception {
        try (AutoCloseable dw = open(h2())) {
            kind.ping(dw, Duration.ofSeconds(1));
        }
    }

    @Test
    void the_ping_answers_while_every_pooled_connection_is_held_by_a_run() throws Exception {
        String url = h2();
        try (AutoCloseable dw = open(url, "pool-size", "1", "connect-timeout", "5");
             Connection held = ((javax.sql.DataSource) dw).getConnection()) {
            long started = System.nanoTime();
            kind.ping(dw, Duration.ofSeconds(1));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for the pool")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(held.isValid(1)).isTrue();
        }
    }

    @Test
    void a_server_that_refuses_connections_fails_the_ping_with_the_drivers_reason() throws Exception {
        int port = FStoreHarness.freePort();
        try (AutoCloseable dw = open("jdbc:postgresql://127.0.0.1:" + port + "/warehouse")) {
            assertThatThrownBy(() -> kind.ping(dw, Duration.ofSeconds(1))).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Connection to 127.0.0.1:" + port + " refused");
        }
    }

    @Test
    void credentials_the_database_no_longer_takes_fail_the_ping() throws Exception {
        String url = h2();
        try (Connection owner = DriverManager.getConnection(url, "sa", "current");
             AutoCloseable dw = open(url, "username", "sa", "password", "rotated")) {
            assertThatThrownBy(() -> kind.ping(dw, Duration.ofSeconds(1))).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Wrong user name or password");
            assertThat(owner.isValid(1)).isTrue();
        }
    }
}
