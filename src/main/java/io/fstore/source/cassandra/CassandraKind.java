package io.fstore.source.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import io.fstore.definition.DefinitionError;
import io.fstore.definition.YamlMap;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.source.ConnectionSettings;
import io.fstore.source.Setting;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceKind;

/**
 * {@code kind: cassandra}: a CQL SELECT through camel-cassandraql (route template {@code cassandra-source}), streamed
 * page by page. Its connections are {@link CqlSession}s that connect on first use ({@link LazySession}).
 */
public final class CassandraKind implements SourceKind {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("contact-points", "host:port of one or more nodes, comma-separated, such as "
                    + "10.0.0.1:9042,10.0.0.2:9042 (port 9042 when left out)"),
            Setting.optional("local-datacenter", "datacenter1",
                    "the datacenter of the contact points (nodetool status shows it)"),
            Setting.optional("keyspace", "", "the keyspace of unqualified table names in the groups' queries"),
            Setting.optional("username", "", "the user, when the cluster requires a login"),
            Setting.secret("password", "the user's password, through {{env:NAME}}"),
            Setting.integer("connect-timeout", 10, "seconds to wait for a node to answer a connection before the "
                    + "attempt fails (then retried as fstore.retry.* says), from 1 to 3600"));

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public Set<String> sourceKeys() {
        return CassandraSourceSpec.KEYS;
    }

    @Override
    public String example() {
        return "query: SELECT user_id, clicks, ts FROM clicks_by_day WHERE day = ?, bind: [\"2024-03-01\"]";
    }

    @Override
    public Optional<SourceSpec.KindSettings> parse(YamlMap source) {
        return CassandraSourceSpec.read(source).map(spec -> spec);
    }

    @Override
    public List<Setting> connectionSettings() {
        return SETTINGS;
    }

    @Override
    public List<DefinitionError> check(ConnectionSettings c, String origin) {
        List<DefinitionError> errors = new ArrayList<>();
        try {
            contactPoints(c.get("contact-points"));
        } catch (IllegalArgumentException e) {
            errors.add(new DefinitionError(origin, 0, c.property("contact-points"), e.getMessage(),
                    "host:port[,host:port...] such as 127.0.0.1:9042"));
        }
        int connectTimeout = c.getInt("connect-timeout");
        if (connectTimeout < 1 || connectTimeout > 3600) {
            errors.add(new DefinitionError(origin, 0, c.property("connect-timeout"), "is '" + connectTimeout + "'",
                    "a whole number of seconds from 1 to 3600"));
        }
        if (!c.get("password").isEmpty() && c.get("username").isEmpty()) {
            errors.add(new DefinitionError(origin, 0, c.property("username"), "is missing while a password is set",
                    "the user the password belongs to"));
        }
        return errors;
    }

    /** @throws IllegalArgumentException naming the part that is not host[:port] */
    static List<InetSocketAddress> contactPoints(String text) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?").matcher(p);
            if (!m.matches() || m.group(2) != null && (Integer.parseInt(m.group(2)) < 1
                    || Integer.parseInt(m.group(2)) > 65535)) {
                throw new IllegalArgumentException("'" + p + "' is not host:port");
            }
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            points.add(InetSocketAddress.createUnresolved(host, m.group(2) == null ? 9042
                    : Integer.parseInt(m.group(2))));
        }
        return points;
    }

    /**
     * A session that connects on first use, with the bind codecs ({@link BindCodecs}); one request (one page) gives
     * up after the longest source timeout, a connection attempt after {@code connect-timeout}.
     */
    @Override
    public AutoCloseable open(ConnectionSettings c, Duration longestSourceTimeout) {
        Duration connect = Duration.ofSeconds(c.getInt("connect-timeout"));
        Optional<CqlIdentifier> keyspace = c.get("keyspace").isEmpty() ? Optional.empty()
                : Optional.of(CqlIdentifier.fromCql(c.get("keyspace")));
        return LazySession.create(() -> {
            CqlSessionBuilder builder = CqlSession.builder()
                    .withLocalDatacenter(c.get("local-datacenter"))
                    .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, longestSourceTimeout)
                            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, connect)
                            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, connect)
                            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, connect)
                            .build())
                    .addTypeCodecs(BindCodecs.all().toArray(TypeCodec[]::new));
            for (InetSocketAddress point : contactPoints(c.get("contact-points"))) {
                builder.addContactPoint(new InetSocketAddress(point.getHostString(), point.getPort()));
            }
            if (!c.get("username").isEmpty()) {
                builder.withAuthCredentials(c.get("username"), c.get("password"));
            }
            keyspace.ifPresent(builder::withKeyspace);
            return builder.build();
        }, keyspace);
    }

    /** {@code SELECT release_version FROM system.local}: the node's own row, nothing a group reads. */
    @Override
    public void ping(AutoCloseable connection, Duration timeout) {
        ((CqlSession) connection).execute(SimpleStatement.builder("SELECT release_version FROM system.local")
                .setTimeout(timeout).build());
    }

    @Override
    public Map<String, String> templateParameters(FeatureGroup group) {
        return Map.of("connection", group.source().connection());
    }

    /** No node answering, a lost connection, timeouts: see {@link CassandraErrors}. */
    @Override
    public boolean isRetriable(Throwable error) {
        return CassandraErrors.isRetriable(error);
    }

    @Override
    public SourceAdapter adapter(FeatureGroup group) {
        return new CassandraAdapter(group, (CassandraSourceSpec) group.source().settings());
    }
}
