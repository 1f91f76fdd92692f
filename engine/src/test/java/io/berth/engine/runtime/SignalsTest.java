package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
    @ParameterizedTest
    @CsvSource({"TERM,15", "SIGTERM,15", "sigterm,15", "kill,9", "9,9", "HUP,1", "SIGUSR1,10", "USR2,12",
        "WINCH,28", "RTMIN,34", "RTMIN+3,37", "SIGRTMAX,64", "RTMAX-2,62", "64,64", "IOT,6", " INT ,2"})
    void parsesNamesAndNumbers(String text, int number) {
        assertThat(Signals.parse(text)).isEqualTo(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOPE", "SIGFOO", "0", "65", "-9", "RTMIN+40", "RTMAX+1", "SIG", "99999999999"})
    void refusesWhatIsNotASignal(String text) {
        assertThatThrownBy(() -> Signals.parse(text)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown signal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesEmpty(String text) {
        assertThatThrownBy(() -> Signals.parse(text)).hasMessage("signal is empty");
    }

    @ParameterizedTest
    @CsvSource({"15,SIGTERM", "9,SIGKILL", "6,SIGABRT", "29,SIGIO", "17,SIGCHLD", "34,SIGRTMIN", "36,SIGRTMIN+2"})
    void namesNumbers(int number, String name) {
        assertThat(Signals.name(number)).isEqualTo(name);
        assertThat(Signals.parse(name)).isEqualTo(number);
    }
}
