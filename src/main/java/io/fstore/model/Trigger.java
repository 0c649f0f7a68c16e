package io.fstore.model;

import java.time.Duration;

/** When a group runs: a quartz cron expression or a fixed interval. */
public sealed interface Trigger {

    /** The Camel endpoint that fires a run of the group. */
    String endpointUri(String group);

    /** camel-quartz; stateful=true so quartz never starts a run while the previous one is still going. */
    record Cron(String expression) implements Trigger {
        @Override
        public String endpointUri(String group) {
            return "quartz:fstore/" + group + "?cron=" + expression.trim().replaceAll("\\s+", "+") + "&stateful=true";
        }
    }

    /**
     * camel-timer: the first run waits one interval (run_on_start covers "now"), and runs never overlap because the
     * timer thread waits for each run to finish.
     */
    record Every(Duration interval) implements Trigger {
        @Override
        public String endpointUri(String group) {
            return "timer:fstore-" + group + "?period=" + interval.toMillis() + "&delay=" + interval.toMillis();
        }
    }
}
