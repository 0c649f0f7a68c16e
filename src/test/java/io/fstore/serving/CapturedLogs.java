package io.fstore.serving;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the process while open (FStore's own at DEBUG and up, everything else at its configured level),
 * formatted as a reader of the log would see it: message plus stack trace.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One captured event: its level, logger and the full text (message and stack trace). */
    public record Line(Level level, String logger, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger fstore = (Logger) LoggerFactory.getLogger("io.fstore");
    private final Level fstoreLevel = fstore.getLevel();

    public CapturedLogs() {
        fstore.setLevel(Level.DEBUG);
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        String text = event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
        }
        lines.add(new Line(event.getLevel(), event.getLoggerName(), text));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The events whose text contains {@code part}. */
    public List<Line> mentioning(String part) {
        return lines.stream().filter(l -> l.text().contains(part)).toList();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
        fstore.setLevel(fstoreLevel);
    }
}
