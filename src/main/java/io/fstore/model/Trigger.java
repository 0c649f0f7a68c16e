package io.fstore.model;

import java.time.Duration;

/** When a group runs: a quartz cron expression or a fixed interval. */
public sealed interface Trigger {

    /**
     * The Camel endpoint that fires a run of the group. The schedule route hands each run to its own thread (wireTap),
     * so triggers keep firing during a run; the group's run lease skips those that find it running.
     */
    String endpointUri(String group);

    /** camel-quartz (stateful: one firing of a group's job at a time; each firing only hands the run over). */
    record Cron(String expression) implements Trigger {
        @Override
        public String endpointUri(String group) {
            return "quartz:fstore/" + group + "?cron=" + expression.trim().replaceAll("\\s+", "+") + "&stateful=true";
        }
    }

    /** camel-timer: the first run waits one interval (run_on_start covers "now"). */
    record Every(Duration interval) implements Trigger {
        @Override
        public String endpointUri(String group) {
            return "timer:fstore-" + group + "?period=" + interval.toMillis() + "&delay=" + interval.toMillis();
        }
    }
}
