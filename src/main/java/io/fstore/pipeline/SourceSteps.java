package io.fstore.pipeline;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.fstore.normalize.FeatureNormalizer;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.source.GroupRun;
import io.fstore.source.ReadAhead;
import io.fstore.source.RowChunker;
import io.fstore.source.SourceAdapter;
import io.fstore.source.SourceChunk;
import io.fstore.source.SourceRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Ordered;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.LoggerFactory;

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

    /**
     * Body: the component's reply; returns it as chunks of the template's chunk size, each with its position. The
     * next chunk is read and normalized on another thread while the route stores the current one
     * ({@link ReadAhead}); a source failure still surfaces at that chunk, after the chunks before it were stored and
     * committed.
     */
    public Iterator<SourceChunk> chunks(Exchange exchange) {
        GroupRun run = RunSteps.run(exchange);
        FeatureNormalizer normalizer = groups.normalizer(run.group().name());
        Iterator<Map<String, Object>> records = adapter(exchange).records(exchange.getMessage().getBody());
        int size = exchange.getProperty(Names.CHUNK_SIZE_PROPERTY, Integer.class);
        Iterator<List<Map<String, Object>>> chunks = RowChunker.chunks(records, size);
        Iterator<SourceChunk> cut = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return chunks.hasNext();
            }

            @Override
            public SourceChunk next() {
                List<Map<String, Object>> chunk = chunks.next();
                Object position = run.tracker().positionOf(chunk);
                return new SourceChunk(chunk, position, normalizedAhead(normalizer, chunk, position));
            }
        };
        ExecutorServiceManager executors = exchange.getContext().getExecutorServiceManager();
        ExecutorService reader = executors.newSingleThreadExecutor(this, "fstore.read-ahead." + run.group().name());
        ReadAhead<SourceChunk> ahead = new ReadAhead<>(cut, reader);
        Iterator<SourceChunk> untilAChunkFails = new Iterator<>() {
            private int handedOut;

            /**
             * No more chunks once one was handed out and not stored: the run is failing. Camel's splitter, stopping
             * on that exception, would otherwise pull (read from the source) every remaining record before it reports
             * the failure. The splitter asks hasNext() right after next(), before the chunk is stored: one chunk not
             * yet stored is the normal case.
             */
            @Override
            public boolean hasNext() {
                return handedOut <= run.chunksStored() + 1 && ahead.hasNext();
            }

            @Override
            public SourceChunk next() {
                handedOut++;
                return ahead.next();
            }
        };
        // however the run ends: first the read in flight ends, then the cursor is released (before the component
        // closes its own result set, which its completions do at the lowest precedence)
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ahead.close();
                executors.shutdown(reader);
                if (records instanceof AutoCloseable cursor) { // a server-side cursor is released however the run ends
                    try {
                        cursor.close();
                    } catch (Exception e) {
                        LoggerFactory.getLogger(SourceSteps.class).debug("Closing a source cursor", e);
                    }
                }
            }

            @Override
            public int getOrder() {
                return Ordered.HIGHEST;
            }
        });
        return untilAChunkFails;
    }

    /**
     * The chunk normalized on the read-ahead thread; null if that failed (a bug, not a bad row: bad rows are
     * quarantined), so the chunk route normalizes it again and fails there, under its error policy, as it would have.
     */
    private static NormalizedChunk normalizedAhead(FeatureNormalizer normalizer, List<Map<String, Object>> chunk,
                                                   Object position) {
        try {
            return normalizer.normalize(chunk, position);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private SourceAdapter adapter(Exchange exchange) {
        return groups.adapter(exchange.getProperty(Names.GROUP_PROPERTY, String.class));
    }
}
