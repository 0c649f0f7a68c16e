package io.fstore.sample;

import java.util.Iterator;
import java.util.NoSuchElementException;

import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.SourceSteps;
import io.fstore.source.SourceChunk;
import org.apache.camel.Exchange;

/**
 * Stands in for the source steps ({@code fstoreSources}) when a template is run to read a sample: the same request,
 * and of the chunks only the first. The template's splitter then ends by itself; stopping it instead (an exception,
 * a route stop) would not end the read: Camel 4.17's splitter drains the rest of its iterator when it ends early
 * (MulticastProcessor.doDone releases every remaining pair), which reads the whole source.
 */
public final class SampleSources {

    private final SourceSteps steps;

    SampleSources(FeatureGroups groups) {
        this.steps = new SourceSteps(groups);
    }

    public void request(Exchange exchange) {
        steps.request(exchange);
    }

    /** The first chunk alone (the source's read-ahead reads at most one more, then the cursor is closed). */
    public Iterator<SourceChunk> chunks(Exchange exchange) {
        Iterator<SourceChunk> all = steps.chunks(exchange);
        return new Iterator<>() {
            private boolean given;

            @Override
            public boolean hasNext() {
                return !given && all.hasNext();
            }

            @Override
            public SourceChunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                given = true;
                return all.next();
            }
        };
    }
}
