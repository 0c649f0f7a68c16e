package io.fstore.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The status page ({@code GET /ui}): {@code ui/index.html} from the jar, read once. The page builds itself in the
 * browser from the runs API and writes every server value as text, never as HTML; its policy lets it load nothing
 * but itself and fetch only from this server.
 */
public final class StatusPage implements Processor {

    static final String RESOURCE = "ui/index.html";
    static final String POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private final byte[] page;

    public StatusPage() {
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        message.setHeader("Content-Security-Policy", POLICY);
        message.setBody(page);
    }
}
