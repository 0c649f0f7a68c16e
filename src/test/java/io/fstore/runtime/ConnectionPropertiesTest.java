package io.fstore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.fstore.definition.DefinitionError;
import io.fstore.source.ConnectionSettings;
import org.junit.jupiter.api.Test;

class ConnectionPropertiesTest {

    private final List<DefinitionError> errors = new ArrayList<>();

    private Map<String, ConnectionSettings> read(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return ConnectionProperties.read(p, "application.properties", errors);
    }

    private DefinitionError onlyError() {
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void a_jdbc_connection_gets_its_declared_defaults() {
        ConnectionSettings c = read("fstore.connection.dw.kind", "jdbc", "fstore.connection.dw.url", "jdbc:h2:mem:x")
                .get("dw");

        assertThat(errors).isEmpty();
        assertThat(c.kind()).isEqualTo("jdbc");
        assertThat(c.get("url")).isEqualTo("jdbc:h2:mem:x");
        assertThat(c.getInt("pool-size")).isEqualTo(4);
        assertThat(c.getInt("connect-timeout")).isEqualTo(10);
        assertThat(c.get("password")).isEmpty();
    }

    @Test
    void the_older_datasource_properties_are_a_jdbc_connection() {
        ConnectionSettings c = read("fstore.datasource.dw.url", "jdbc:h2:mem:x", "fstore.datasource.dw.pool-size", "2")
                .get("dw");

        assertThat(errors).isEmpty();
        assertThat(c.kind()).isEqualTo("jdbc");
        assertThat(c.getInt("pool-size")).isEqualTo(2);
    }

    @Test
    void a_missing_kind_is_named_with_the_kinds_there_are() {
        read("fstore.connection.dw.url", "jdbc:h2:mem:x");

        assertThat(onlyError().field()).isEqualTo("fstore.connection.dw.kind");
        assertThat(onlyError().problem()).isEqualTo("is missing");
        assertThat(onlyError().expected()).contains("jdbc").contains("mongodb");
    }

    @Test
    void an_unknown_kind_is_named() {
        read("fstore.connection.dw.kind", "oracle-rac", "fstore.connection.dw.url", "x");

        assertThat(onlyError().field()).isEqualTo("fstore.connection.dw.kind");
        assertThat(onlyError().problem()).contains("oracle-rac");
    }

    @Test
    void an_unknown_setting_lists_the_kinds_settings() {
        read("fstore.connection.dw.kind", "jdbc", "fstore.connection.dw.url", "jdbc:h2:mem:x",
                "fstore.connection.dw.passwrd", "x");

        assertThat(onlyError().field()).isEqualTo("fstore.connection.dw.passwrd");
        assertThat(onlyError().problem()).isEqualTo("is not a setting of a jdbc connection");
        assertThat(onlyError().expected()).contains("password").contains("pool-size");
    }

    @Test
    void a_missing_required_setting_says_what_to_write() {
        read("fstore.connection.dw.kind", "jdbc");

        assertThat(onlyError().field()).isEqualTo("fstore.connection.dw.url");
        assertThat(onlyError().problem()).isEqualTo("is missing");
        assertThat(onlyError().expected()).contains("jdbc:postgresql://");
    }

    @Test
    void a_whole_number_setting_refuses_text() {
        read("fstore.connection.dw.kind", "jdbc", "fstore.connection.dw.url", "jdbc:h2:mem:x",
                "fstore.connection.dw.pool-size", "many");

        assertThat(onlyError().field()).isEqualTo("fstore.connection.dw.pool-size");
        assertThat(onlyError().problem()).isEqualTo("is 'many'");
    }

    @Test
    void a_kind_check_names_the_property_the_user_wrote_and_masks_the_password() {
        read("fstore.datasource.dw.url", "postgres://bob:hunter2@db/x");

        assertThat(onlyError().field()).isEqualTo("fstore.datasource.dw.url");
        assertThat(onlyError().toString()).doesNotContain("hunter2").contains("is not a JDBC URL");
    }

    @Test
    void one_name_in_both_styles_is_refused() {
        read("fstore.connection.dw.kind", "jdbc", "fstore.connection.dw.url", "jdbc:h2:mem:x",
                "fstore.datasource.dw.url", "jdbc:h2:mem:y");

        assertThat(errors).extracting(DefinitionError::problem).anySatisfy(p ->
                assertThat(p).contains("also configured as"));
    }

    @Test
    void a_mongodb_connection_needs_a_connection_string() {
        Map<String, ConnectionSettings> ok = read("fstore.connection.docs.kind", "mongodb",
                "fstore.connection.docs.uri", "mongodb://u:secret@127.0.0.1:27017/?serverSelectionTimeoutMS=2000");
        assertThat(errors).isEmpty();
        assertThat(ok.get("docs").toString()).doesNotContain("secret");

        read("fstore.connection.bad.kind", "mongodb", "fstore.connection.bad.uri", "http://u:secret@x");

        assertThat(onlyError().field()).isEqualTo("fstore.connection.bad.uri");
        assertThat(onlyError().toString()).doesNotContain("secret").contains("is not a MongoDB connection string");
    }
}
