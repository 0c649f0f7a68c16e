package io.fstore.store.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.InvalidDefinitionException;
import io.fstore.runtime.FStoreSettings;
import org.junit.jupiter.api.Test;

/** The online store registry: types chosen by name, typed settings, and an error naming the property for every bad one. */
class OnlineStoreTypesTest {

    private static final String ORIGIN = "application.properties";

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static OnlineStoreConfig read(Properties p, List<DefinitionError> errors) {
        return OnlineStoreTypes.read(p, ORIGIN, Set.of("pg", "warehouse"), errors);
    }

    private static OnlineStoreConfig valid(String... kv) {
        List<DefinitionError> errors = new ArrayList<>();
        OnlineStoreConfig config = read(props(kv), errors);
        assertThat(errors).isEmpty();
        return config;
    }

    private static List<DefinitionError> errors(String... kv) {
        List<DefinitionError> errors = new ArrayList<>();
        read(props(kv), errors);
        return errors;
    }

    @Test
    void without_settings_the_store_is_embedded_with_its_defaults() {
        assertThat(valid()).isEqualTo(new EmbeddedOnlineStoreConfig(Optional.empty(), 128));
        assertThat(valid("fstore.online.type", " embedded ", "fstore.online.embedded.path", "/srv/online",
                "fstore.online.embedded.block-cache-mb", "512"))
                .isEqualTo(new EmbeddedOnlineStoreConfig(Optional.of(Path.of("/srv/online")), 512));
    }

    @Test
    void todays_property_names_choose_and_configure_redis_and_postgres() {
        assertThat(valid("fstore.online.type", "redis")).isEqualTo(new RedisOnlineStoreConfig("redis://127.0.0.1:6379"));
        assertThat(valid("fstore.online.type", "redis", "fstore.online.redis.url", "rediss://u:pw@cache:6380/2"))
                .isEqualTo(new RedisOnlineStoreConfig("rediss://u:pw@cache:6380/2"));
        assertThat(valid("fstore.online.type", "postgres", "fstore.online.postgres.datasource", "pg"))
                .isEqualTo(new PostgresOnlineStoreConfig("pg", "fstore_online"));
        assertThat(valid("fstore.online.type", "postgres", "fstore.online.postgres.datasource", "warehouse",
                "fstore.online.postgres.table", "online_values"))
                .isEqualTo(new PostgresOnlineStoreConfig("warehouse", "online_values"));
    }

    @Test
    void every_bad_setting_is_one_error_naming_its_property() {
        List<DefinitionError> errors = errors("fstore.online.type", "postgres",
                "fstore.online.postgres.table", "Online-Values",
                "fstore.online.postgres.tabel", "x",
                "fstore.online.redis.url", "http://cache:6379",
                "fstore.online.embedded.block-cache-mb", "lots",
                "fstore.online.embedded.path", " ",
                "fstore.online.cassandra.hosts", "h1",
                "fstore.online.typo", "x");

        assertThat(errors).extracting(DefinitionError::field).containsExactlyInAnyOrder(
                "fstore.online.postgres.datasource", "fstore.online.postgres.table", "fstore.online.postgres.tabel",
                "fstore.online.redis.url", "fstore.online.embedded.block-cache-mb", "fstore.online.embedded.path",
                "fstore.online.cassandra.hosts", "fstore.online.typo");
        assertThat(errors).allSatisfy(e -> assertThat(e.file()).isEqualTo(ORIGIN));
        assertThat(errors).extracting(DefinitionError::toString).contains(
                "application.properties: field 'fstore.online.postgres.datasource': is missing; expected the name of "
                        + "a jdbc connection pointing at PostgreSQL (required when fstore.online.type=postgres)",
                "application.properties: field 'fstore.online.postgres.table': is 'Online-Values': not a lower-case "
                        + "SQL name; expected a lower-case SQL name of up to 63 characters: letters, digits, _",
                "application.properties: field 'fstore.online.postgres.tabel': unknown property; expected one of "
                        + "fstore.online.postgres.datasource, fstore.online.postgres.table",
                "application.properties: field 'fstore.online.embedded.block-cache-mb': is 'lots': not a whole "
                        + "number; expected a whole number from 8 to 1048576",
                "application.properties: field 'fstore.online.embedded.path': is empty; expected a folder path",
                "application.properties: field 'fstore.online.cassandra.hosts': unknown property; expected "
                        + "fstore.online.type or fstore.online.<embedded|redis|postgres>.<setting>",
                "application.properties: field 'fstore.online.typo': unknown property; expected "
                        + "fstore.online.type or fstore.online.<embedded|redis|postgres>.<setting>");
    }

    @Test
    void an_unknown_type_names_fstore_online_type_and_the_types_there_are() {
        assertThat(errors("fstore.online.type", "cassandra")).extracting(DefinitionError::toString).containsExactly(
                "application.properties: field 'fstore.online.type': is 'cassandra'; expected one of embedded, "
                        + "postgres, redis");
        assertThat(errors("fstore.online.type", "")).extracting(DefinitionError::field)
                .containsExactly("fstore.online.type");
    }

    @Test
    void a_postgres_datasource_must_name_a_jdbc_connection() {
        assertThat(errors("fstore.online.type", "postgres", "fstore.online.postgres.datasource", "dw"))
                .extracting(DefinitionError::toString).containsExactly("application.properties: field "
                        + "'fstore.online.postgres.datasource': names no jdbc connection ('dw'); expected the "
                        + "name of a jdbc connection pointing at PostgreSQL; configured: pg, warehouse");
        assertThat(errors("fstore.online.type", "postgres", "fstore.online.postgres.datasource", "Not A Name"))
                .extracting(DefinitionError::field).containsExactly("fstore.online.postgres.datasource");
    }

    @Test
    void values_of_a_type_not_chosen_are_checked_but_its_required_settings_are_not() {
        assertThat(errors("fstore.online.postgres.table", "1bad")).extracting(DefinitionError::field)
                .containsExactly("fstore.online.postgres.table");
        assertThat(errors("fstore.online.postgres.datasource", "elsewhere")).isEmpty();
        assertThat(valid("fstore.online.type", "redis", "fstore.online.embedded.block-cache-mb", "64"))
                .isInstanceOf(RedisOnlineStoreConfig.class);
    }

    @Test
    void redis_urls_jedis_cannot_use_are_refused_without_echoing_the_secret_url() {
        for (String url : List.of("http://:RedisPw9@cache:6379", "redis://:RedisPw9@cache", "redis://:RedisPw9@:6379",
                "redis://:RedisPw9@cache:6379/db", "redis://:RedisPw9@cache:6379/0?x=1", "redis://:Redis Pw9@c:1")) {
            List<DefinitionError> errors = errors("fstore.online.type", "redis", "fstore.online.redis.url", url);

            assertThat(errors).as(url).extracting(DefinitionError::field).containsExactly("fstore.online.redis.url");
            assertThat(errors.get(0).toString()).as(url).doesNotContain("RedisPw9").doesNotContain("Redis Pw9")
                    .contains("(the value is secret, not shown)");
        }
        assertThat(errors("fstore.online.type", "redis", "fstore.online.redis.url", "http://cache:6379").get(0)
                .problem()).isEqualTo("the scheme is not redis:// or rediss:// (the value is secret, not shown)");
        assertThat(new RedisOnlineStoreConfig("redis://user:RedisPw9@cache:6379/1").toString())
                .isEqualTo("RedisOnlineStoreConfig[redis://cache:6379/1]");
    }

    @Test
    void numbers_out_of_range_are_refused() {
        assertThat(errors("fstore.online.embedded.block-cache-mb", "4")).extracting(DefinitionError::toString)
                .containsExactly("application.properties: field 'fstore.online.embedded.block-cache-mb': is '4': "
                        + "out of range; expected a whole number from 8 to 1048576");
    }

    @Test
    void startup_settings_fail_with_every_online_error_and_keep_the_online_config() {
        assertThatThrownBy(() -> FStoreSettings.from(props("fstore.online.type", "postgres",
                "fstore.online.redis.urll", "redis://x:1"), ORIGIN))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.errors())
                        .extracting(DefinitionError::field).containsExactlyInAnyOrder(
                                "fstore.online.postgres.datasource", "fstore.online.redis.urll"));

        FStoreSettings settings = FStoreSettings.from(props("fstore.datasource.pg.url", "jdbc:h2:mem:x",
                "fstore.online.type", "postgres", "fstore.online.postgres.datasource", "pg"), ORIGIN);
        assertThat(settings.online()).isEqualTo(new PostgresOnlineStoreConfig("pg", "fstore_online"));
        assertThat(settings.onlineType()).isEqualTo("postgres");
    }

    @Test
    void every_type_declares_each_setting_once_and_the_reference_lists_them_all() {
        assertThat(OnlineStoreTypes.all()).extracting(OnlineStoreType::name)
                .containsExactly("embedded", "redis", "postgres");
        for (OnlineStoreType<?> type : OnlineStoreTypes.all()) {
            assertThat(type.settings()).extracting(OnlineSetting::name).doesNotHaveDuplicates();
        }
        assertThat(OnlineStoreTypes.reference()).contains("| `fstore.online.type` |",
                "| `fstore.online.embedded.path` | path |  | no | no |",
                "| `fstore.online.embedded.block-cache-mb` | integer | `128` | no | no |",
                "| `fstore.online.redis.url` | URL | `redis://127.0.0.1:6379` | no | yes |",
                "| `fstore.online.postgres.datasource` | datasource name |  | when type=postgres | no |",
                "| `fstore.online.postgres.table` | SQL name | `fstore_online` | no | no |");
    }
}
