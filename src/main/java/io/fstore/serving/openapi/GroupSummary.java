package io.fstore.serving.openapi;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "GroupSummary", description = "A feature group at a glance: what it is, when it runs, how its last "
        + "run went and how fresh its data is.",
        example = "{\"name\": \"customer_metrics\", \"kind\": \"jdbc\", \"entity\": \"customer\", "
                + "\"entityKeys\": [\"customer_id\"], \"schedule\": \"0 0 2 * * ?\", \"status\": \"succeeded\", "
                + "\"lastRun\": null, \"rows\": 4998, \"rowsTotal\": 120500, \"freshnessSeconds\": 10800, "
                + "\"newestEventTime\": \"2024-06-30T23:10:00Z\", \"error\": null}")
public record GroupSummary(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer_metrics")
        String name,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "jdbc", description = KIND)
        String kind,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer")
        String entity,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = ENTITY_KEYS)
        List<String> entityKeys,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "0 0 2 * * ?",
                description = SCHEDULE)
        String schedule,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"never_run", "running", "succeeded",
                "failed", "unknown"}, description = STATUS)
        String status,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = "The last "
                + "finished run; null before the first one ends")
        Run lastRun,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Rows stored by the last finished run (0 if none)")
        long rows,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = ROWS_TOTAL)
        long rowsTotal,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = FRESHNESS)
        Long freshnessSeconds,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, format = "date-time",
                description = NEWEST_EVENT_TIME)
        String newestEventTime,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = ERROR)
        String error) {

    // descriptions GroupDetail shares
    static final String KIND = "The source kind (jdbc, mongodb, cassandra)";
    static final String ENTITY_KEYS = "The columns that identify an entity";
    static final String SCHEDULE = "The quartz cron of schedule:, or \"every <ISO-8601 duration>\" for "
            + "update_frequency: (every PT1H)";
    static final String STATUS = "running while a run holds the group, else the status of its last finished run; "
            + "unknown when its state (data/state/<group>.json) cannot be read (error says why)";
    static final String ROWS_TOTAL = "Rows stored by every run since the group's state began (a total carried "
            + "from run to run in data/state/<group>.json; a row stored again, as by a full re-read, counts again)";
    static final String ERROR = "Why the group's status is unknown (its state file cannot be read); null otherwise. "
            + "A failed run's error is in its run";
    static final String FRESHNESS = "Seconds from newestEventTime to now; null while nothing is stored";
    static final String NEWEST_EVENT_TIME = "The newest event time the group has stored (any run so far); null "
            + "while nothing is stored";
}
