package io.fstore.probe9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.InvalidDefinitionException;
import io.fstore.runtime.FStoreSettings;
import org.junit.jupiter.api.Test;

/** Review #9: bad connection properties name the property, and never print a password. */
class ConnectionSettingsProbeTest {

    private static List<DefinitionError> errors(Map<String, String> values) {
        Properties props = new Properties();
        props.putAll(values);
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> FStoreSettings.from(props, "application.properties"));
        assertThat(e).as("invalid settings").isNotNull();
        return e.errors();
    }

    @Test
    void an_unknown_kind_names_the_kind_property_and_the_known_kinds() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongo",
                "fstore.connection.docs.uri", "mongodb://127.0.0.1"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).toString()).isEqualTo("application.properties: field 'fstore.connection.docs.kind': "
                + "is 'mongo', an unknown kind; expected one of jdbc, mongodb, cassandra");
    }

    @Test
    void a_missing_kind_is_named() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.uri", "mongodb://127.0.0.1"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.kind");
        assertThat(errors.get(0).problem()).isEqualTo("is missing");
    }

    @Test
    void a_missing_uri_is_named() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.database", "shop"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.uri");
        assertThat(errors.get(0).problem()).isEqualTo("is missing");
    }

    @Test
    void a_jdbc_setting_on_a_mongodb_connection_is_named() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", "mongodb://127.0.0.1", "fstore.connection.docs.pool-size", "4"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.pool-size");
    }

    @Test
    void a_bad_uri_with_a_password_is_reported_without_the_password() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", "mongodb://fstore:Sup3rSecret@127.0.0.1:notaport/shop"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.uri");
        assertThat(errors.get(0).toString()).doesNotContain("Sup3rSecret");
    }

    @Test
    void a_bad_option_in_a_uri_with_a_password_is_reported_without_the_password() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", "mongodb://fstore:Sup3rSecret@127.0.0.1/?authMechanism=NOPE"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.uri");
        assertThat(errors.get(0).toString()).doesNotContain("Sup3rSecret");
    }

    /** A password with an unescaped '@' is the typical mistake that makes the URI invalid: it must not leak either. */
    @Test
    void a_password_with_an_unescaped_at_sign_is_not_printed_in_part() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", "mongodb://fstore:Sup3r@Secret@127.0.0.1:27017/shop"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.uri");
        assertThat(errors.get(0).toString()).doesNotContain("Sup3r").doesNotContain("Secret@");
    }

    @Test
    void a_password_with_a_slash_is_not_printed() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", "mongodb://fstore:Sup3r/Secret@127.0.0.1:27017/shop"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.docs.uri");
        assertThat(errors.get(0).toString()).doesNotContain("Sup3r").doesNotContain("Secret");
    }

    @Test
    void a_jdbc_url_of_the_wrong_scheme_is_reported_without_its_password() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.dw.kind", "jdbc",
                "fstore.connection.dw.url", "postgresql://fstore:Sup3rSecret@127.0.0.1/dw?password=Sup3rSecret"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.connection.dw.url");
        assertThat(errors.get(0).toString()).doesNotContain("Sup3rSecret");
    }

    @Test
    void one_name_in_both_styles_is_refused() {
        List<DefinitionError> errors = errors(Map.of("fstore.connection.dw.kind", "jdbc",
                "fstore.connection.dw.url", "jdbc:h2:mem:x", "fstore.datasource.dw.url", "jdbc:h2:mem:y"));
        assertThat(errors).isNotEmpty();
        assertThat(errors).allSatisfy(e -> assertThat(e.field()).startsWith("fstore."));
        assertThat(errors.get(0).problem()).contains("also configured as");
    }

    @Test
    void a_legacy_datasource_still_makes_a_jdbc_connection() {
        Properties props = new Properties();
        props.put("fstore.datasource.dw.url", "jdbc:h2:mem:probe9");
        props.put("fstore.datasource.dw.pool-size", "2");
        FStoreSettings settings = FStoreSettings.from(props, "application.properties");
        assertThat(settings.connectionKinds()).containsExactly(Map.entry("dw", "jdbc"));
        assertThat(settings.datasources().get("dw").poolSize()).isEqualTo(2);
    }

    /** The sinks are data; an empty list would commit checkpoints with nothing stored. */
    @Test
    void an_empty_sink_list_is_refused() {
        List<DefinitionError> errors = errors(Map.of("fstore.pipeline.sinks", " "));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.pipeline.sinks");
    }

    @Test
    void a_sink_that_is_no_endpoint_uri_is_refused() {
        List<DefinitionError> errors = errors(Map.of("fstore.pipeline.sinks", "offline,online"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.pipeline.sinks");
    }

    @Test
    void a_retry_setting_that_is_no_number_is_refused_at_startup() {
        List<DefinitionError> errors = errors(Map.of("fstore.retry.max-redeliveries", "three"));
        assertThat(errors).extracting(DefinitionError::field).containsExactly("fstore.retry.max-redeliveries");
    }
}
