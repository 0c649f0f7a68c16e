package io.fstore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.fstore.model.Entity;
import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.SourceSpec;
import io.fstore.model.Trigger;
import io.fstore.model.ValueType;

/** Small feature groups for unit tests. */
public final class TestGroups {

    private TestGroups() {
    }

    public static FeatureGroup wide(Optional<String> incremental) {
        return new FeatureGroup("customer_metrics", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "warehouse", "SELECT 1", "ts", incremental),
                new Trigger.Cron("0 */5 * * * ?"), false, Duration.ZERO,
                List.of(Feature.of("lifetime_value", ValueType.DOUBLE), Feature.of("orders", ValueType.LONG),
                        Feature.of("segment", ValueType.STRING), Feature.of("is_vip", ValueType.BOOL),
                        Feature.of("first_order_at", ValueType.TIMESTAMP),
                        new Feature("balance", ValueType.DECIMAL, "", 10, 2)));
    }

    public static FeatureGroup longForm() {
        return new FeatureGroup("last_order", "", new Entity("customer", "customer_id"),
                new SourceSpec("jdbc", "warehouse", "SELECT 1", "timestamp", Optional.of("timestamp")),
                new Trigger.Cron("0 */5 * * * ?"), false, Duration.ZERO,
                List.of(Feature.of("last_order_amount", ValueType.DOUBLE)));
    }
}
