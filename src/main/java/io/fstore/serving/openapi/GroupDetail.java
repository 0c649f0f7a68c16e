package io.fstore.serving.openapi;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

@Schema(name = "GroupDetail", description = "A feature group's definition in short, its status and freshness, and its "
        + "last runs.",
        example = "{\"name\": \"customer_metrics\", \"kind\": \"jdbc\", \"connection\": \"warehouse\", "
                + "\"entity\": \"customer\", \"entityKeys\": [\"customer_id\"], \"schedule\": \"0 0 2 * * ?\", "
                + "\"description\": \"Lifetime spend per customer\", \"owner\": \"growth@example.com\", "
                + "\"tags\": {\"team\": \"growth\"}, \"ttl\": \"P30D\", "
                + "\"features\": [{\"name\": \"orders\", \"type\": \"long\"}], \"status\": \"succeeded\", "
                + "\"freshnessSeconds\": 10800, \"newestEventTime\": \"2024-06-30T23:10:00Z\", \"rowsTotal\": 120500, "
                + "\"error\": null, \"runs\": []}")
public record GroupDetail(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer_metrics")
        String name,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "jdbc", description = GroupSummary.KIND)
        String kind,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "warehouse", description = "The connection the "
                + "source reads (fstore.connection.<name>)")
        String connection,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "customer")
        String entity,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = GroupSummary.ENTITY_KEYS)
        List<String> entityKeys,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "0 0 2 * * ?",
                description = GroupSummary.SCHEDULE)
        String schedule,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The definition's description (may be empty)")
        String description,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Who to ask about the group (may be empty)")
        String owner,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Free labels")
        Map<String, String> tags,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "P30D", description = "How long a "
                + "value stays servable after its event time (ISO-8601 duration); null: for ever")
        String ttl,
        @Schema(requiredMode = RequiredMode.REQUIRED)
        List<FeatureDefinition> features,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"never_run", "running", "succeeded",
                "failed", "unknown"}, description = GroupSummary.STATUS)
        String status,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = GroupSummary.FRESHNESS)
        Long freshnessSeconds,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, format = "date-time",
                description = GroupSummary.NEWEST_EVENT_TIME)
        String newestEventTime,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = GroupSummary.ROWS_TOTAL)
        long rowsTotal,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = GroupSummary.ERROR)
        String error,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The last finished runs, newest first (at most "
                + "the runs parameter, of the fstore.runs.history kept)")
        List<Run> runs) {
}
