package io.fstore.source.cassandra;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import org.apache.camel.component.cassandra.ResultSetConversionStrategy;

/**
 * camel-cassandraql's reply as the driver's {@link ResultSet} itself: its iterator fetches the next page when the
 * current one is read (the driver keeps one page), so a group's rows stream page by page. The component's default
 * ({@code ALL}) would copy every row of the result into one List first. The route template names it as
 * {@code resultSetConversionStrategy: "#class:io.fstore.source.cassandra.PagedRows"}.
 */
public final class PagedRows implements ResultSetConversionStrategy {

    @Override
    public Object getBody(ResultSet resultSet) {
        return resultSet;
    }
}
