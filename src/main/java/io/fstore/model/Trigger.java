package io.fstore.model;

import java.time.Duration;

/** When a group runs: a quartz cron expression or a fixed interval. */
public sealed interface Trigger {

    /** The query part of a camel-quartz endpoint URI for this trigger. */
    String quartzOptions();

    record Cron(String expression) implements Trigger {
        @Override
        public String quartzOptions() {
            return "cron=" + expression.trim().replace(' ', '+');
        }
    }

    record Every(Duration interval) implements Trigger {
        @Override
        public String quartzOptions() {
            // the first run waits one interval; run_on_start covers "run now"
            return "trigger.repeatInterval=" + interval.toMillis() + "&trigger.repeatCount=-1&triggerStartDelay="
                    + interval.toMillis();
        }
    }
}
