package io.fstore.pipeline;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.fstore.source.GroupRun;
import io.fstore.source.RowChunker;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceChunk;
import io.fstore.source.SourceRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The source side of every kind's route template, through the group's {@link SourceAdapter}: the request built from
 * the run's start checkpoint, then the component's reply cut into chunks for {@code direct:fstore.chunk}.
 */
public final class SourceSteps {

    private final FeatureGroups groups;

    public SourceSteps(FeatureGroups groups) {
        this.groups = groups;
    }

    /** Sets the body and the component's headers of the run's request. */
    public void request(Exchange exchange) {
        GroupRun run = RunSteps.run(exchange);
        SourceRequest request = adapter(exchange).request(run.checkpoint());
        Message message = exchange.getMessage();
        message.setBody(request.body());
        request.headers().forEach(message::setHeader);
    }

    /** Body: the component's reply; returns it as chunks of the template's chunk size, each with its position. */
    public Iterator<SourceChunk> chunks(Exchange exchange) {
        GroupRun run = RunSteps.run(exchange);
        Iterator<Map<String, Object>> records = adapter(exchange).records(exchange.getMessage().getBody());
        if (records instanceof AutoCloseable cursor) { // a server-side cursor is released however the run ends
            exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    try {
                        cursor.close();
                    } catch (Exception e) {
                        org.slf4j.LoggerFactory.getLogger(SourceSteps.class).debug("Closing a source cursor", e);
                    }
                }
            });
        }
        int size = exchange.getProperty(Names.CHUNK_SIZE_PROPERTY, Integer.class);
        Iterator<List<Map<String, Object>>> chunks = RowChunker.chunks(records, size);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return chunks.hasNext();
            }

            @Override
            public SourceChunk next() {
                List<Map<String, Object>> chunk = chunks.next();
                return new SourceChunk(chunk, run.tracker().positionOf(chunk));
            }
        };
    }

    private SourceAdapter adapter(Exchange exchange) {
        return groups.adapter(exchange.getProperty(Names.GROUP_PROPERTY, String.class));
    }
}
