package io.fstore.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.InvalidDefinitionException;
import org.junit.jupiter.api.Test;

class FStoreSettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static InvalidDefinitionException invalid(Properties p) {
        try {
            FStoreSettings.from(p, "application.properties");
        } catch (InvalidDefinitionException e) {
            return e;
        }
        throw new AssertionError("settings were accepted");
    }

    @Test
    void defaults_apply_and_datasources_are_read_by_name() {
        FStoreSettings s = FStoreSettings.from(props("fstore.datasource.warehouse.url", "jdbc:h2:mem:x",
                "fstore.datasource.warehouse.username", "sa", "fstore.datasource.warehouse.password", "secret"), "f");

        assertThat(s.chunkSize()).isEqualTo(10_000);
        assertThat(s.onlineType()).isEqualTo("embedded");
        assertThat(s.offlineCompression()).isEqualTo("SNAPPY");
        assertThat(s.datasources().get("warehouse").username()).isEqualTo("sa");
        assertThat(s.datasources().get("warehouse").toString()).doesNotContain("secret");
    }

    @Test
    void every_bad_value_names_its_property() {
        InvalidDefinitionException e = invalid(props("fstore.chunk-size", "0", "fstore.online.type", "cassandra",
                "fstore.offline.compression", "rar", "fstore.demo.seed", "yes", "fstore.datasource.dw.url", "postgres://x",
                "fstore.chunksize", "5"));

        assertThat(e.errors()).extracting(DefinitionError::field).containsExactlyInAnyOrder("fstore.chunk-size",
                "fstore.online.type", "fstore.offline.compression", "fstore.demo.seed", "fstore.datasource.dw.url",
                "fstore.chunksize");
        assertThat(e.getMessage()).contains("field 'fstore.chunk-size': is '0'; expected a whole number from 1 to 1000000");
    }

    @Test
    void the_health_timeout_is_2s_unless_set_and_a_bad_one_names_its_property() {
        assertThat(FStoreSettings.from(props(), "f").healthTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(FStoreSettings.from(props("fstore.health.timeout", "5s"), "f").healthTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(5));

        for (String bad : new String[] {"0s", "2 seconds", "2m"}) {
            assertThat(invalid(props("fstore.health.timeout", bad)).getMessage())
                    .contains("field 'fstore.health.timeout': is '" + bad + "'; expected a duration from 1s to 1m");
        }
    }

    @Test
    void run_history_defaults_to_20_and_is_checked() {
        assertThat(FStoreSettings.from(props(), "f").runHistory()).isEqualTo(20);
        assertThat(FStoreSettings.from(props("fstore.runs.history", "3"), "f").runHistory()).isEqualTo(3);
        for (String bad : new String[] {"0", "1001", "ten"}) {
            assertThat(invalid(props("fstore.runs.history", bad)).getMessage())
                    .contains("field 'fstore.runs.history': is '" + bad + "'; expected a whole number from 1 to 1000");
        }
    }

    @Test
    void a_datasource_without_url_is_rejected() {
        assertThatThrownBy(() -> FStoreSettings.from(props("fstore.datasource.dw.username", "x"), "f"))
                .hasMessageContaining("fstore.datasource.dw.url': is missing");
    }

    @Test
    void a_url_that_is_not_jdbc_is_reported_without_its_passwords() {
        InvalidDefinitionException e = invalid(props("fstore.datasource.dw.url",
                "postgresql://etl:Hunter2Pw@db:5432/dw?sslpassword=KeyPw42", "fstore.online.redis.url",
                "http://:RedisPw9@cache:6379"));

        assertThat(e.getMessage()).contains("fstore.datasource.dw.url").contains("fstore.online.redis.url")
                .contains("postgresql://etl:***@db:5432/dw")
                .doesNotContain("Hunter2Pw").doesNotContain("KeyPw42").doesNotContain("RedisPw9");
    }

    @Test
    void datasource_settings_print_their_url_without_passwords() {
        FStoreSettings s = FStoreSettings.from(props("fstore.datasource.dw.url",
                "jdbc:postgresql://db/dw?user=etl&password=Hunter2Pw"), "f");

        assertThat(s.datasources().get("dw").toString()).contains("jdbc:postgresql://db/dw?user=etl&password=***")
                .doesNotContain("Hunter2Pw");
    }
}
