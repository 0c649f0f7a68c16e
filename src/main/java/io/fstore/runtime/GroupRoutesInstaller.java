package io.fstore.runtime;

import io.fstore.model.FeatureGroup;
import io.fstore.pipeline.FeatureGroups;
import io.fstore.pipeline.Names;
import io.fstore.source.SourceKind;
import io.fstore.source.SourceKinds;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Turns each feature group into routes made from the YAML templates in {@code routes/templates}: {@code fg.<group>}
 * (its source kind's template {@code <kind>-source}: extract, then every chunk through {@code direct:fstore.chunk}), {@code fg.<group>.schedule} (its cron or interval trigger) and, when asked,
 * {@code fg.<group>.on-start}.
 */
public final class GroupRoutesInstaller {

    private GroupRoutesInstaller() {
    }

    public static void install(CamelContext context, FeatureGroups groups, FStoreSettings settings) {
        for (FeatureGroup g : groups.all()) {
            installSource(context, g, settings.chunkSize());
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

    /** The group's route {@code fg.<group>} from its kind's template, reading chunks of {@code chunkSize} records. */
    public static void installSource(CamelContext context, FeatureGroup g, int chunkSize) {
        SourceKind kind = SourceKinds.get(g.source().kind());
        TemplatedRouteBuilder source = TemplatedRouteBuilder.builder(context, kind.templateId())
                .routeId(Names.groupRouteId(g.name()))
                .parameter("group", g.name())
                .parameter("chunkSize", String.valueOf(chunkSize));
        kind.templateParameters(g).forEach(source::parameter);
        source.add();
    }
}
