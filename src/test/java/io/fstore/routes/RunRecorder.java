package io.fstore.routes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.fstore.pipeline.Names;
import io.fstore.pipeline.RunLeases;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunSummary;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Records every exchange sent to a group's route {@code direct:fg.<group>}, whoever sent it (a trigger's wireTap, a
 * test): when it was sent, by which route, whether it held the group's run lease (a run) or was skipped, what it
 * returned or threw, and the group's state file as the run left it.
 *
 * <p>FStore's Camel Main creates it before any route starts, from the properties the test passes ({@link #properties}:
 * {@code camel.beans.fstoreRunRecorder = #class:io.fstore.routes.RunRecorder} and
 * {@code camel.beans.fstoreRunRecorder.stateDir = <data>/state}), and it registers itself as an event notifier when
 * Camel hands it the context: the first trigger is recorded too. Tests find it with {@link #of}. (A
 * {@code NotifyBuilder} can only be made once {@code FStoreRuntime.start()} returned, when a cron trigger may have
 * fired already, and it counts exchanges without telling which one held the group's lease.)
 */
public final class RunRecorder extends EventNotifierSupport {

    static final String BEAN = "fstoreRunRecorder";

    /**
     * One exchange through {@code direct:fg.<group>}.
     *
     * @param triggeredBy the route that sent it ({@code fg.<group>.schedule} for a trigger; null for a producer)
     * @param sendingAt   just before the group's route started on it
     * @param sentAt      just after the group's route was done with it
     * @param leaseHeld   it held the group's lease: a run; else the trigger was skipped (a run was in flight)
     * @param summary     what a successful run returned (null for a failed run or a skipped trigger)
     * @param error       what a failed run threw (null otherwise)
     * @param stateAfter  the group's state file as the run left it (null for a skipped trigger)
     */
    public record Run(String group, String exchangeId, String triggeredBy, Instant sendingAt, Instant sentAt,
                      boolean leaseHeld, RunSummary summary, Throwable error, GroupState stateAfter) {

        boolean succeeded() {
            return leaseHeld && error == null && summary != null && "succeeded".equals(summary.status());
        }

        boolean failed() {
            return leaseHeld && error != null;
        }

        boolean skipped() {
            return !leaseHeld;
        }
    }

    private static final String PREFIX = "direct://fg.";
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    /** Exchanges on their way through a group's route: exchange id -> (group, sending time). */
    private final Map<String, Map.Entry<String, Instant>> sending = new ConcurrentHashMap<>();
    private final List<Consumer<Run>> listeners = new CopyOnWriteArrayList<>();
    private volatile GroupStateStore states;

    public RunRecorder() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /** The recorder bound in the registry of a running FStore. */
    public static RunRecorder of(org.apache.camel.CamelContext context) {
        RunRecorder recorder = context.getRegistry().lookupByNameAndType(BEAN, RunRecorder.class);
        if (recorder == null) {
            throw new IllegalStateException("No " + BEAN + " bean: start FStore with RunRecorder.properties(...)");
        }
        return recorder;
    }

    /** The properties that make FStore create a recorder reading the state files under {@code dataDir}. */
    public static Map<String, String> properties(Path dataDir) {
        return Map.of("camel.beans." + BEAN, "#class:" + RunRecorder.class.getName(),
                "camel.beans." + BEAN + ".stateDir", dataDir.resolve("state").toString());
    }

    /**
     * Camel Main creates {@code camel.beans.*} after it registered the event notifiers it found, and hands each
     * bean its context: the recorder registers itself then, before any route starts.
     */
    @Override
    public void setCamelContext(org.apache.camel.CamelContext context) {
        super.setCamelContext(context);
        if (!context.getManagementStrategy().getEventNotifiers().contains(this)) {
            context.getManagementStrategy().addEventNotifier(this);
        }
    }

    public void setStateDir(String dir) {
        this.states = new GroupStateStore(Path.of(dir));
    }

    /** Called (on the run's thread, before waiters wake up) for every recorded exchange. */
    public void onRun(Consumer<Run> listener) {
        listeners.add(listener);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent e) {
            String group = group(e.getEndpoint().getEndpointUri());
            if (group != null) {
                sending.put(e.getExchange().getExchangeId(), Map.entry(group, Instant.now()));
            }
        } else if (event instanceof CamelEvent.ExchangeSentEvent e) {
            String group = group(e.getEndpoint().getEndpointUri());
            if (group != null) {
                record(group, e.getExchange());
            }
        }
    }

    private void record(String group, Exchange exchange) {
        Instant sentAt = Instant.now();
        RunLeases.Lease lease = exchange.getProperty(Names.LEASE_PROPERTY, RunLeases.Lease.class);
        boolean leaseHeld = lease != null && lease.holder().equals(exchange.getExchangeId());
        Throwable error = exchange.getException();
        RunSummary summary = exchange.getMessage().getBody() instanceof RunSummary s ? s : null;
        GroupState state = leaseHeld && states != null ? states.load(group).orElse(null) : null;
        Map.Entry<String, Instant> started = sending.get(exchange.getExchangeId());
        Run run = new Run(group, exchange.getExchangeId(), exchange.getFromRouteId(),
                started == null ? null : started.getValue(), sentAt, leaseHeld, summary, error, state);
        for (Consumer<Run> listener : listeners) {
            listener.accept(run);
        }
        synchronized (this) {
            runs.add(run);
            sending.remove(exchange.getExchangeId());
            notifyAll();
        }
    }

    /** {@code direct://fg.<group>} -> group; null for any other endpoint (fg.x.schedule is no direct endpoint). */
    private static String group(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return null;
        }
        String group = uri.substring(PREFIX.length());
        int query = group.indexOf('?');
        return query < 0 ? group : group.substring(0, query);
    }

    /** Everything recorded for the group so far, in the order the exchanges ended. */
    public List<Run> runs(String group) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.group().equals(group)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Waits until the group's recorded exchanges satisfy {@code until}; returns them.
     *
     * @throws AssertionError naming what was recorded when the time is up
     */
    public List<Run> await(String group, Duration timeout, String what, Predicate<List<Run>> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<Run> now = runs(group);
                if (until.test(now)) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Group " + group + ": not within " + timeout + ": " + what
                            + "; recorded: " + describe(now));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits until no exchange is on its way through the group's route (stop its trigger first). */
    public void awaitIdle(String group, Duration timeout) throws InterruptedException {
        await(group, timeout, "no exchange in flight",
                runs -> sending.values().stream().noneMatch(e -> e.getKey().equals(group)));
    }

    private static String summary(RunSummary s) {
        return s == null ? "?" : s.status() + " read " + s.rowsRead() + " " + s.startedAt() + ".." + s.finishedAt();
    }

    static String describe(List<Run> runs) {
        StringBuilder out = new StringBuilder();
        for (Run r : runs) {
            out.append("\n  ").append(r.exchangeId()).append(" by ").append(r.triggeredBy())
                    .append(r.skipped() ? " skipped" : r.failed() ? " failed: " + r.error()
                            : " " + summary(r.summary()));
        }
        return out.toString();
    }
}
