package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import io.fstore.definition.DefinitionError;
import io.fstore.source.ConnectionSettings;
import org.junit.jupiter.api.Test;

class CassandraKindTest {

    private final CassandraKind kind = new CassandraKind();

    private List<DefinitionError> check(Map<String, String> given) {
        Map<String, String> values = new HashMap<>(Map.of("contact-points", "127.0.0.1:9042",
                "local-datacenter", "datacenter1", "keyspace", "", "username", "", "password", "",
                "connect-timeout", "10"));
        values.putAll(given);
        return kind.check(new ConnectionSettings("events", "cassandra", values, kind.connectionSettings()),
                "application.properties");
    }

    @Test
    void contact_points_are_host_port_lists_with_9042_by_default() {
        assertThat(CassandraKind.contactPoints("10.0.0.1:9142, db.example.com,[::1]:9042")).containsExactly(
                InetSocketAddress.createUnresolved("10.0.0.1", 9142),
                InetSocketAddress.createUnresolved("db.example.com", 9042),
                InetSocketAddress.createUnresolved("::1", 9042));
        assertThatThrownBy(() -> CassandraKind.contactPoints("10.0.0.1:99999")).hasMessage("'10.0.0.1:99999' is not "
                + "host:port");
    }

    @Test
    void a_good_connection_has_no_problem() {
        assertThat(check(Map.of())).isEmpty();
    }

    @Test
    void bad_settings_name_their_property() {
        assertThat(check(Map.of("contact-points", "cassandra://x"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("fstore.connection.events.contact-points");
            assertThat(e.expected()).contains("host:port");
        });
        assertThat(check(Map.of("connect-timeout", "0"))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("fstore.connection.events.connect-timeout"));
        assertThat(check(Map.of("password", "s3cret"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("fstore.connection.events.username");
            assertThat(e.toString()).doesNotContain("s3cret");
        });
    }

    @Test
    void a_node_away_is_retriable_a_refused_login_or_a_cql_error_is_not() {
        Node node = (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> method.getName().equals("hashCode") ? 1 : null);
        AllNodesFailedException away = AllNodesFailedException.fromErrors(List.of(Map.entry(node,
                new ClosedConnectionException("closed"))));
        AllNodesFailedException refused = AllNodesFailedException.fromErrors(List.of(Map.entry(node,
                new AuthenticationException(null, "Provided username x and/or password are incorrect"))));

        assertThat(kind.isRetriable(new RuntimeException("camel", away))).isTrue();
        assertThat(kind.isRetriable(new NoNodeAvailableException())).isTrue();
        assertThat(kind.isRetriable(new DriverTimeoutException("Query timed out after PT2S"))).isTrue();
        assertThat(kind.isRetriable(refused)).isFalse();
        assertThat(kind.isRetriable(new IllegalArgumentException("cannot bind"))).isFalse();
    }
}
