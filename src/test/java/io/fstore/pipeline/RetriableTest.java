package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import com.mongodb.MongoTimeoutException;
import io.fstore.source.SourceKinds;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

class RetriableTest {

    private final Retriable retriable = new Retriable(SourceKinds.all());

    @Test
    void network_blips_anywhere_in_the_cause_chain_are_retriable() {
        assertThat(retriable.test(new CamelExchangeException("sink failed", null,
                new IllegalStateException("write", new ConnectException("Connection refused"))))).isTrue();
        assertThat(retriable.test(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(retriable.test(new redis.clients.jedis.exceptions.JedisConnectionException("reset"))).isTrue();
        assertThat(retriable.test(new RetriableException("try later", null))).isTrue();
    }

    @Test
    void what_a_source_kind_calls_retriable_is_retriable() {
        assertThat(retriable.test(new RuntimeException(new MongoTimeoutException("no server")))).isTrue();
    }

    @Test
    void data_errors_timeouts_and_bugs_are_not() {
        assertThat(retriable.test(new QuarantineLimitExceededException("too many bad rows"))).isFalse();
        assertThat(retriable.test(new SQLTimeoutException("source.timeout"))).isFalse();
        assertThat(retriable.test(new IllegalStateException("bug"))).isFalse();
        assertThat(retriable.test(new StackOverflowError())).isFalse();
    }

    @Test
    void the_error_policy_finds_the_failure_where_camel_keeps_it_while_choosing_a_policy() {
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(
                new org.apache.camel.impl.DefaultCamelContext());
        exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, new ConnectException("refused"));

        assertThat(retriable.matches(exchange)).isTrue();
        exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, new IllegalStateException("bug"));
        assertThat(retriable.matches(exchange)).isFalse();
    }
}
