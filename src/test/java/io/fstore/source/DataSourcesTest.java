package io.fstore.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.fstore.runtime.DataSourceSettings;
import org.junit.jupiter.api.Test;

class DataSourcesTest {

    @Test
    void a_pool_that_cannot_connect_says_why_without_the_password() throws Exception {
        String url = "jdbc:h2:mem:pool_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection owner = DriverManager.getConnection(url, "sa", "RightPw123");
             HikariDataSource pool = DataSources.create(new DataSourceSettings("dw", url, "sa", "WrongPw456", 1),
                     Duration.ofMillis(500))) {

            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("Wrong user name or password")
                    .hasMessageNotContaining("WrongPw456").hasMessageNotContaining("RightPw123");
            try (Statement s = owner.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
