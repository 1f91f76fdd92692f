package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    @Test
    void runOverridesImageInPlaceAndAppendsNewVariables() {
        assertThat(Environment.merge(List.of("PATH=/bin", "A=1", "B=2"), List.of("B=run", "C=3")))
            .containsExactly("PATH=/bin", "A=1", "B=run", "C=3");
    }

    @Test
    void defaultPathWhenNeitherSetsOne() {
        assertThat(Environment.merge(List.of("A=1"), null))
            .containsExactly("A=1", Environment.DEFAULT_PATH);
    }

    @Test
    void runPathWins() {
        assertThat(Environment.merge(List.of("PATH=/image"), List.of("PATH=/run"))).containsExactly("PATH=/run");
    }

    @Test
    void valuesMayContainEqualsSignsAndBeEmpty() {
        assertThat(Environment.merge(List.of("OPTS=a=b=c", "EMPTY="), List.of()))
            .containsExactly("OPTS=a=b=c", "EMPTY=", Environment.DEFAULT_PATH);
    }

    @Test
    void malformedEntriesAreRefusedByName() {
        assertThatThrownBy(() -> Environment.merge(List.of(), List.of("NOVALUE")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("bad run environment entry 'NOVALUE': expected KEY=value");
        assertThatThrownBy(() -> Environment.merge(List.of("=x"), List.of()))
            .hasMessage("bad image environment entry '=x': empty variable name");
    }
}
