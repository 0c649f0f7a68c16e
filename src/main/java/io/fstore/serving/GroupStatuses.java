package io.fstore.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.fstore.model.FeatureGroup;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.RunLeases;
import io.fstore.serving.openapi.FeatureDefinition;
import io.fstore.serving.openapi.GroupDetail;
import io.fstore.serving.openapi.GroupList;
import io.fstore.serving.openapi.GroupSummary;
import io.fstore.serving.openapi.Run;
import io.fstore.source.GroupState;
import io.fstore.source.GroupStateStore;
import io.fstore.source.RunHistoryStore;
import io.fstore.source.RunSummary;

/**
 * What the runs API says about each group: its definition in short, its status (running while a run holds its lease,
 * else the status of its last finished run), its last finished runs ({@link RunHistoryStore}) and its freshness (now
 * minus the newest event time it stored, from {@code data/state/<group>.json}) and the rows its runs stored so far. A
 * group whose state file cannot be read is listed with status {@code unknown} and the reason; the others as usual.
 */
public final class GroupStatuses {

    static final String NEVER_RUN = "never_run";
    static final String RUNNING = "running";
    static final String UNKNOWN = "unknown";
    private final FeatureGroups groups;
    private final GroupStateStore states;
    private final RunHistoryStore history;
    private final RunLeases leases;
    private final Clock clock;

    public GroupStatuses(FeatureGroups groups, GroupStateStore states, RunHistoryStore history, RunLeases leases,
                         Clock clock) {
        this.groups = groups;
        this.states = states;
        this.history = history;
        this.leases = leases;
        this.clock = clock;
    }

    /** Every group, sorted by name. */
    public GroupList list() {
        Instant now = clock.instant();
        return new GroupList(groups.all().stream().sorted(Comparator.comparing(FeatureGroup::name)).map(g -> {
            Facts facts = facts(g, 1, now);
            Run last = facts.runs().isEmpty() ? null : facts.runs().get(0);
            return new GroupSummary(g.name(), g.source().kind(), g.entity().name(), List.of(g.entity().key()),
                    schedule(g.trigger()), facts.status(), last, last == null ? 0 : last.rowsStored(),
                    facts.rowsTotal(), facts.freshnessSeconds(), facts.newestEventTime(), facts.error());
        }).toList());
    }

    /** One group with its newest {@code runs} finished runs, newest first. */
    public GroupDetail detail(FeatureGroup g, int runs) {
        Facts facts = facts(g, runs, clock.instant());
        return new GroupDetail(g.name(), g.source().kind(), g.source().connection(), g.entity().name(),
                List.of(g.entity().key()), schedule(g.trigger()), g.description(), g.owner(), g.tags(),
                g.ttl().isZero() ? null : g.ttl().toString(),
                g.features().stream().map(f -> new FeatureDefinition(f.name(), f.type().yamlName(),
                        f.type() == ValueType.VECTOR ? f.dimension() : null)).toList(),
                facts.status(), facts.freshnessSeconds(), facts.newestEventTime(), facts.rowsTotal(), facts.error(),
                facts.runs());
    }

    /** The status, freshness, running total of rows and last runs of a group; error: why the status is unknown. */
    private record Facts(String status, List<Run> runs, Long freshnessSeconds, String newestEventTime,
                         long rowsTotal, String error) {
    }

    private Facts facts(FeatureGroup g, int maxRuns, Instant now) {
        Optional<RunSummary> saved;
        String error = null;
        try {
            saved = states.load(g.name()).map(GroupState::lastRun);
        } catch (RuntimeException e) { // one group's unreadable state file hides only that group's state
            saved = Optional.empty();
            error = e.getMessage();
        }
        List<RunSummary> recorded = history.recent(g.name(), maxRuns);
        // a data directory from before the history: its state file has the last run
        List<RunSummary> finished = !recorded.isEmpty() ? recorded
                : saved.filter(run -> !RUNNING.equals(run.status())).stream().toList();
        // running while a run holds the lease and has not been recorded as ended (a run records its end just
        // before it lets the lease go)
        boolean running = leases.current(g.name(), now).filter(lease -> finished.isEmpty()
                || !lease.holder().equals(finished.get(0).runId())).isPresent();
        String status = running ? RUNNING
                : error != null ? UNKNOWN
                : finished.isEmpty() ? NEVER_RUN : finished.get(0).status();
        Instant newest = saved.map(RunSummary::newestEventTime)
                .or(() -> finished.stream().findFirst().map(RunSummary::newestEventTime)).orElse(null);
        long rowsTotal = saved.or(() -> finished.stream().findFirst()).map(RunSummary::rowsStoredSoFar).orElse(0L);
        return new Facts(status, finished.stream().map(GroupStatuses::run).toList(),
                newest == null ? null : Duration.between(newest, now).toSeconds(),
                newest == null ? null : newest.toString(), rowsTotal, error);
    }

    /** {@code schedule:} as written, or {@code every PT1H} for {@code update_frequency:}. */
    static String schedule(Trigger trigger) {
        if (trigger instanceof Trigger.Cron cron) {
            return cron.expression();
        }
        if (trigger instanceof Trigger.Every every) {
            return "every " + every.interval();
        }
        return null;
    }

    static Run run(RunSummary s) {
        return new Run(s.runId(), s.status(), text(s.startedAt()), text(s.finishedAt()),
                s.startedAt() == null || s.finishedAt() == null ? 0
                        : Duration.between(s.startedAt(), s.finishedAt()).toMillis(),
                s.rowsRead(), s.rowsStored(), s.rowsQuarantined(), s.chunks(),
                s.checkpoint() == null ? null : s.checkpoint().toString(), s.error());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
