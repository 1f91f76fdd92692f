package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerSpecTest {
    private static final ImageDefaults IMAGE = new ImageDefaults(null, List.of("sh"), List.of(), "/app", "app:staff", "SIGQUIT");

    @Test
    void defaultsComeFromTheImageThenDocker() {
        ContainerSpec spec = ContainerSpec.builder("abcdef0123456789").image(IMAGE).build();
        assertThat(spec.effectiveStopSignal()).isEqualTo(3);
        assertThat(spec.effectiveWorkingDir()).isEqualTo("/app");
        assertThat(spec.effectiveUser()).isEqualTo(new UserSpec("app", "staff"));
        assertThat(spec.effectiveHostname()).isEqualTo("abcdef012345");
        assertThat(spec.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.restartPolicy()).isEqualTo(RestartPolicy.NO);
    }

    @Test
    void runSettingsWin() {
        ContainerSpec spec = ContainerSpec.builder("c").image(IMAGE).stopSignal("HUP").workingDir("/tmp").user("0").build();
        assertThat(spec.effectiveStopSignal()).isEqualTo(1);
        assertThat(spec.effectiveWorkingDir()).isEqualTo("/tmp");
        assertThat(spec.effectiveUser()).isEqualTo(new UserSpec("0", null));
    }

    @Test
    void noStopSignalAnywhereIsSigterm() {
        assertThat(ContainerSpec.builder("c").cmd("true").build().effectiveStopSignal()).isEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", "has space", "a/b", "..", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void badIdsAreRefused(String id) {
        assertThatThrownBy(() -> ContainerSpec.builder(id).build()).hasMessageContaining("invalid container id");
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> ContainerSpec.builder("c").workingDir("rel").build()).hasMessageContaining("'rel' must be an absolute path");
        assertThatThrownBy(() -> ContainerSpec.builder("c").stopSignal("SIGWAT").build()).hasMessageContaining("unknown signal: SIGWAT");
        assertThatThrownBy(() -> ContainerSpec.builder("c").stopTimeout(Duration.ofSeconds(-1)).build()).hasMessageContaining("stop timeout");
        assertThatThrownBy(() -> ContainerSpec.builder("c").hostname("bad_host!").build()).hasMessageContaining("invalid hostname");
        assertThatThrownBy(() -> ContainerSpec.builder("c").restartPolicy("sometimes")).hasMessageContaining("invalid restart policy");
    }

    @Test
    void execSpecValidation() {
        assertThatThrownBy(() -> ExecSpec.of()).hasMessageContaining("exec needs a command");
        assertThatThrownBy(() -> ExecSpec.of("ls").withWorkingDir("tmp")).hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> ExecSpec.of("ls").withUser("a:b:c")).hasMessageContaining("bad user spec");
    }
}
