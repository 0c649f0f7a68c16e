package io.fstore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RunLeasesTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private final RunLeases leases = new RunLeases();

    @Test
    void a_live_lease_keeps_other_runs_of_its_group_out_but_not_other_groups() {
        RunLeases.Lease first = leases.acquire("g", "run-1", HOUR, T0).orElseThrow();

        assertThat(leases.acquire("g", "run-2", HOUR, T0.plusSeconds(3599))).isEmpty();
        assertThat(leases.acquire("other", "run-3", HOUR, T0)).isPresent();
        assertThat(leases.holds(first, T0.plusSeconds(3599))).isTrue();
        assertThat(first.expiresAt()).isEqualTo(T0.plus(HOUR));
    }

    @Test
    void an_expired_lease_is_taken_over_and_the_old_run_no_longer_holds_its_group() {
        RunLeases.Lease hung = leases.acquire("g", "run-1", HOUR, T0).orElseThrow();

        assertThat(leases.holds(hung, T0.plus(HOUR))).as("expired, not yet taken over").isFalse();
        assertThat(leases.isCurrent(hung)).isTrue();
        RunLeases.Lease next = leases.acquire("g", "run-2", HOUR, T0.plus(HOUR)).orElseThrow();

        assertThat(next.holder()).isEqualTo("run-2");
        assertThat(leases.isCurrent(hung)).isFalse();
        assertThat(leases.release(hung)).as("the old run cannot release the new run's lease").isFalse();
        assertThat(leases.holds(next, T0.plus(HOUR))).isTrue();
    }

    @Test
    void release_frees_the_group_once_and_is_safe_to_repeat() {
        RunLeases.Lease lease = leases.acquire("g", "run-1", HOUR, T0).orElseThrow();

        assertThat(leases.release(lease)).isTrue();
        assertThat(leases.release(lease)).isFalse();
        assertThat(leases.acquire("g", "run-2", HOUR, T0.plusSeconds(1))).isPresent();
    }
}
