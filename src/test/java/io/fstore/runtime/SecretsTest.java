package io.fstore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void password_parameters_of_jdbc_urls_are_masked() {
        assertThat(Secrets.maskPatterns("jdbc:postgresql://db/dw?user=etl&password=Hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/dw?user=etl&password=***&ssl=true");
        assertThat(Secrets.maskPatterns("jdbc:sqlserver://db:1433;databaseName=dw;user=sa;Password=Hunter2;encrypt=false"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=dw;user=sa;Password=***;encrypt=false");
        assertThat(Secrets.maskPatterns("jdbc:mariadb://db/dw?sslPassword=a&trustStorePassword=b"))
                .isEqualTo("jdbc:mariadb://db/dw?sslPassword=***&trustStorePassword=***");
    }

    @Test
    void user_info_passwords_are_masked_and_ports_are_not() {
        assertThat(Secrets.maskPatterns("redis://:Hunter2@cache:6379/0 and jdbc:postgresql://etl:pw@db:5432/dw"))
                .isEqualTo("redis://:***@cache:6379/0 and jdbc:postgresql://etl:***@db:5432/dw");
        assertThat(Secrets.maskPatterns("jdbc:postgresql://db:5432/dw?user=a@b"))
                .isEqualTo("jdbc:postgresql://db:5432/dw?user=a@b");
    }

    @Test
    void configured_passwords_are_masked_wherever_they_appear() {
        Properties p = new Properties();
        p.setProperty("fstore.datasource.dw.url", "jdbc:postgresql://db/dw?password=UrlPw1");
        p.setProperty("fstore.datasource.dw.password", "Hunter2");
        p.setProperty("fstore.online.redis.url", "redis://:RedisPw@cache:6379");
        Secrets secrets = Secrets.of(p);

        assertThat(secrets.mask("driver said: bad login Hunter2 / UrlPw1 / RedisPw"))
                .isEqualTo("driver said: bad login *** / *** / ***");
    }

    @Test
    void text_without_secrets_is_unchanged() {
        String text = "FATAL: password authentication failed for user \"etl\"";

        assertThat(Secrets.of(new Properties()).mask(text)).isEqualTo(text);
    }
}
