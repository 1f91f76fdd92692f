package io.berth.controlplane.identity.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(5), clock);

    @Test
    void aUsernameIsThrottledAfterItsFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfter("ann", "10.0.0.1")).isEmpty();
            throttle.failed("ann", "10.0.0.1");
            now = now.plusSeconds(60);
        }
        assertThat(throttle.retryAfter("ann", "10.0.0.2")).contains(Duration.ofMinutes(2));
        assertThat(throttle.retryAfter("bob", "10.0.0.2")).isEmpty();
        now = now.plus(Duration.ofMinutes(2));
        assertThat(throttle.retryAfter("ann", "10.0.0.2")).isEmpty();
    }

    @Test
    void anAddressIsThrottledAcrossUsernames() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.retryAfter("someone-else", "10.0.0.9")).contains(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter("someone-else", "10.0.0.8")).isEmpty();
    }

    @Test
    void aCorrectPasswordClearsTheUsernameAndSweepingForgetsOldFailures() {
        throttle.failed("ann", "10.0.0.1");
        throttle.failed("ann", "10.0.0.1");
        throttle.succeeded("ann");
        throttle.failed("ann", "10.0.0.1");
        throttle.failed("ann", "10.0.0.1");
        assertThat(throttle.retryAfter("ann", "10.0.0.3")).isEmpty();
        now = now.plus(Duration.ofMinutes(6));
        throttle.sweep();
        throttle.failed("ann", "10.0.0.1");
        throttle.failed("ann", "10.0.0.1");
        assertThat(throttle.retryAfter("ann", "10.0.0.3")).isEmpty();
    }
}
