package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestartPolicyTest {
    @ParameterizedTest
    @ValueSource(strings = {"no", "on-failure", "on-failure:3", "always", "unless-stopped"})
    void parsesAndPrintsDockerSpellings(String text) {
        assertThat(RestartPolicy.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void emptyIsNo() {
        assertThat(RestartPolicy.parse(null)).isEqualTo(RestartPolicy.NO);
        assertThat(RestartPolicy.parse("")).isEqualTo(RestartPolicy.NO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sometimes", "always:3", "on-failure:x", "on-failure:-1", "on-failure:1:2", "no:1"})
    void refusesUnknownPolicies(String text) {
        assertThatThrownBy(() -> RestartPolicy.parse(text)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + text.split(":")[0]);
    }

    @Test
    void noNeverRestarts() {
        assertThat(RestartPolicy.NO.decide(1, 0, false).restart()).isFalse();
    }

    @Test
    void onFailureRestartsOnlyNonZeroExitsUpToTheLimit() {
        RestartPolicy p = RestartPolicy.parse("on-failure:2");
        assertThat(p.decide(0, 0, false).restart()).isFalse();
        assertThat(p.decide(3, 0, false).restart()).isTrue();
        assertThat(p.decide(3, 1, false).restart()).isTrue();
        RestartDecision third = p.decide(3, 2, false);
        assertThat(third.restart()).isFalse();
        assertThat(third.reason()).contains("maximum of 2");
    }

    @Test
    void onFailureWithoutLimitKeepsRestarting() {
        assertThat(RestartPolicy.parse("on-failure").decide(1, 1000, false).restart()).isTrue();
    }

    @Test
    void alwaysAndUnlessStoppedRestartAnyExitButNotAUserStop() {
        for (String p : new String[]{"always", "unless-stopped"}) {
            RestartPolicy policy = RestartPolicy.parse(p);
            assertThat(policy.decide(0, 5, false).restart()).isTrue();
            assertThat(policy.decide(137, 5, false).restart()).isTrue();
            assertThat(policy.decide(137, 0, true).restart()).isFalse();
        }
    }

    @Test
    void userStopWinsOverOnFailure() {
        assertThat(RestartPolicy.parse("on-failure").decide(137, 0, true).restart()).isFalse();
    }

    @Test
    void backoffDoublesFrom100msUpToAMinute() {
        RestartPolicy p = RestartPolicy.parse("always");
        assertThat(p.decide(1, 0, false).delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.decide(1, 1, false).delay()).isEqualTo(Duration.ofMillis(200));
        assertThat(p.decide(1, 3, false).delay()).isEqualTo(Duration.ofMillis(800));
        assertThat(p.decide(1, 10, false).delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.decide(1, 500, false).delay()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void onlyAlwaysAndUnlessStoppedComeBackWithTheEngine() {
        assertThat(RestartPolicy.parse("always").restartsWhenEngineStarts(true)).isTrue();
        assertThat(RestartPolicy.parse("unless-stopped").restartsWhenEngineStarts(true)).isFalse();
        assertThat(RestartPolicy.parse("unless-stopped").restartsWhenEngineStarts(false)).isTrue();
        assertThat(RestartPolicy.parse("on-failure").restartsWhenEngineStarts(false)).isFalse();
    }

    @Test
    void negativeRestartCountIsRefused() {
        assertThatThrownBy(() -> RestartPolicy.parse("always").decide(0, -1, false))
            .hasMessage("restart count cannot be negative: -1");
    }
}
