package io.fstore.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeterNamingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    MeterNamingTest() {
        registry.config().meterFilter(new MeterNaming());
    }

    @ParameterizedTest
    @CsvSource({"routeId,route_id", "camelContext,camel_context", "eventType,event_type", "group,group",
        "route_id,route_id", "endpointName,endpoint_name", "a.b-c,a_b_c"})
    void tag_keys_become_snake_case(String key, String expected) {
        assertThat(MeterNaming.snakeCase(key)).isEqualTo(expected);
    }

    @Test
    void a_camel_case_tag_is_renamed_and_its_value_kept() {
        Counter.builder("camel.exchanges").description("x").tag("routeId", "fg.orders").register(registry).increment();
        Meter meter = registry.getMeters().get(0);
        assertThat(meter.getId().getTag("route_id")).isEqualTo("fg.orders");
        assertThat(meter.getId().getTag("routeId")).isNull();
    }

    @Test
    void a_meter_without_description_gets_one_from_its_name() {
        Counter.builder("app.info.total").register(registry);
        assertThat(registry.getMeters().get(0).getId().getDescription()).isEqualTo("app info total");
    }

    @Test
    void the_two_processor_meters_prometheus_rejects_are_left_out_and_the_others_kept() {
        Gauge.builder("process.cpu.time", () -> 1).baseUnit("ns").register(registry);
        Gauge.builder("system.cpu.count", () -> 2).register(registry);
        Gauge.builder("process.cpu.usage", () -> 0.5).register(registry);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("process.cpu.usage");
    }
}
