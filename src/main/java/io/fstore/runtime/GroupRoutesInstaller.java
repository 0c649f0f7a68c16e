package io.fstore.runtime;

import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Names;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Turns each feature group into routes made from the YAML templates in {@code routes/templates}: {@code fg.<group>}
 * (extract, normalize, store), {@code fg.<group>.schedule} (its cron or interval trigger) and, when asked,
 * {@code fg.<group>.on-start}.
 */
public final class GroupRoutesInstaller {

    private GroupRoutesInstaller() {
    }

    public static void install(CamelContext context, FeatureGroups groups, FStoreSettings settings) {
        for (FeatureGroup g : groups.all()) {
            TemplatedRouteBuilder.builder(context, Names.JDBC_TEMPLATE)
                    .routeId(Names.groupRouteId(g.name()))
                    .parameter("group", g.name())
                    .parameter("datasource", g.source().datasource())
                    .parameter("chunkSize", String.valueOf(settings.chunkSize()))
                    .parameter("sourceTimeoutSeconds",
                            String.valueOf(Math.max(1, g.runPolicy().sourceTimeout().toSeconds())))
                    .add();
            TemplatedRouteBuilder.builder(context, Names.SCHEDULE_TEMPLATE)
                    .routeId(Names.groupRouteId(g.name()) + ".schedule")
                    .parameter("group", g.name())
                    .parameter("trigger", g.trigger().endpointUri(g.name()))
                    .add();
            if (g.runOnStart()) {
                TemplatedRouteBuilder.builder(context, Names.STARTUP_TEMPLATE)
                        .routeId(Names.groupRouteId(g.name()) + ".on-start")
                        .parameter("group", g.name())
                        .add();
            }
        }
    }
}
