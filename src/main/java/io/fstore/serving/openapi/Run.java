package io.fstore.serving.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "Run", description = "One finished run of a feature group: what it read, stored and quarantined, how "
        + "long it took, where its source resumes, and why it failed if it did.",
        example = "{\"runId\": \"3F2A1B0C9D8E7F6-0000000000000001\", \"status\": \"succeeded\", "
                + "\"startedAt\": \"2024-07-01T02:00:00.120Z\", \"finishedAt\": \"2024-07-01T02:00:03.450Z\", "
                + "\"durationMs\": 3330, \"rowsRead\": 5000, \"rowsStored\": 4998, \"rowsQuarantined\": 2, "
                + "\"chunks\": 1, \"checkpoint\": \"{ts=2024-06-30T23:10:00Z}\", \"error\": null}")
public record Run(
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The run's id (the id of its Camel exchange; "
                + "POST /groups/{group}/runs answers it)")
        String runId,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"succeeded", "failed"})
        String status,
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "date-time", example = "2024-07-01T02:00:00.120Z")
        String startedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "date-time", example = "2024-07-01T02:00:03.450Z")
        String finishedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "finishedAt - startedAt in milliseconds")
        long durationMs,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Source records read in the chunks the run stored")
        long rowsRead,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Rows stored in every sink")
        long rowsStored,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Rows set aside with their reason under "
                + "data/quarantine/<group>/")
        long rowsQuarantined,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Chunks stored")
        int chunks,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = "Where the group's source "
                + "resumes after this run, as text (its source kind's field and value); null: from the start")
        String checkpoint,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = "Why the run failed (the "
                + "exception and its message); null unless status is failed")
        String error) {
}
