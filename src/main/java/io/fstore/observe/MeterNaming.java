package io.fstore.observe;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Makes every meter lint-clean for Prometheus ({@code promtool check metrics}): Camel tags its meters in camelCase
 * ({@code routeId}, {@code camelContext}), which Prometheus' conventions reject, and some meters have no description,
 * which becomes a metric without HELP. Tag keys become snake_case ({@code route_id}) and a meter without a
 * description gets one made from its name. Two of Micrometer's processor meters break Prometheus' naming rules and
 * are left out: {@code process_cpu_time_ns_total} (an abbreviated unit; {@code process_cpu_usage} stays) and
 * {@code system_cpu_count} (a gauge named like a summary's count).
 */
public final class MeterNaming implements MeterFilter {

    private static final java.util.Set<String> LEFT_OUT = java.util.Set.of("process.cpu.time", "system.cpu.count");

    @Override
    public io.micrometer.core.instrument.config.MeterFilterReply accept(Meter.Id id) {
        return LEFT_OUT.contains(id.getName()) ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
                : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        boolean renamed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            String key = snakeCase(tag.getKey());
            renamed |= !key.equals(tag.getKey());
            tags.add(Tag.of(key, tag.getValue()));
        }
        if (!renamed && id.getDescription() != null) {
            return id;
        }
        String description = id.getDescription() != null ? id.getDescription() : id.getName().replace('.', ' ');
        return new Meter.Id(id.getName(), Tags.of(tags), id.getBaseUnit(), description, id.getType());
    }

    /** {@code routeId} -> {@code route_id}; keys already in snake_case stay as they are. */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c == '.' || c == '-' ? '_' : c);
            }
        }
        return out.toString();
    }
}
