package io.fstore.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fstore.definition.YamlMap;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;

/**
 * One kind of source (jdbc, mongodb, ...): everything FStore knows about it besides its route template
 * {@code routes/templates/<name>-source.camel.yaml}. Implementations live in {@code io.fstore.source.<name>} and are
 * listed once in {@link SourceKinds}.
 */
public interface SourceKind {

    /** The {@code source.kind} value, also the prefix of its route template id ({@code <name>-source}). */
    String name();

    default String templateId() {
        return name() + "-source";
    }

    /** The keys of {@code source:} this kind adds to the common ones (see {@code DefinitionLoader}). */
    Set<String> sourceKeys();

    /** An example of this kind's own keys, for error hints. */
    String example();

    /**
     * Reads this kind's own part of a {@code source:} mapping; problems go into {@code source}'s error list (with
     * file, line, field and what to write) and the result is then empty.
     */
    Optional<SourceSpec.KindSettings> parse(YamlMap source);

    /** The settings of a connection of this kind ({@code fstore.connection.<name>.<setting>}), each declared once. */
    List<Setting> connectionSettings();

    /** The connection with the values its kind derives from the others (a database named in a URI, say). */
    default ConnectionSettings complete(ConnectionSettings connection) {
        return connection;
    }

    /** Problems of one connection's values beyond their declared types (a URL of the wrong scheme, say). */
    default List<io.fstore.definition.DefinitionError> check(ConnectionSettings connection, String origin) {
        return List.of();
    }

    /**
     * Opens a connection of this kind; the returned object is bound in Camel's registry under the connection's name
     * for the kind's endpoint (a DataSource, a MongoClient, ...) and closed at shutdown.
     *
     * @param longestSourceTimeout the longest {@code source.timeout} of the groups reading through it
     */
    AutoCloseable open(ConnectionSettings connection, java.time.Duration longestSourceTimeout);

    /**
     * Asks the server behind a connection this kind opened (the object {@link #open} returned) whether it answers
     * now, for the readiness check {@code connection:<name>} on {@code /observe/health}. Returns when it does; throws
     * when it does not, the reason in the exception's message (never a secret). It reads nothing a group reads and
     * changes nothing; it may be called at any time, concurrently with runs, and a connection busy with long runs must
     * not make it fail. It should give up after about {@code timeout} where the kind's client allows; the health
     * check bounds the wait anyway (a ping that has not answered within its timeout reads as unreachable) and never
     * has more than one ping of a connection in flight.
     */
    void ping(AutoCloseable connection, java.time.Duration timeout) throws Exception;

    /** The route template's parameters for one group, besides {@code group} and {@code chunkSize}. */
    Map<String, String> templateParameters(FeatureGroup group);

    /**
     * True for a failure of this kind's component or client that is worth trying again (the server is away for now);
     * the whole cause chain is this kind's to look at. Generic network failures are retried whatever this says.
     */
    default boolean isRetriable(Throwable error) {
        return false;
    }

    /** The adapter of one group of this kind. */
    SourceAdapter adapter(FeatureGroup group);
}
