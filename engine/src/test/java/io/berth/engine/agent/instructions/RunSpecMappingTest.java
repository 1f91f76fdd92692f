package io.berth.engine.agent.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.runtime.BindMount;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.Privileges;
import io.berth.engine.runtime.RestartPolicy;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.agent.HostAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecMappingTest {

    private static final String ID = "a".repeat(64);

    private static ContainerRunSpec spec(String restart, boolean autoRemove, long memory, Integer stopTimeout) {
        return new ContainerRunSpec(List.of("/bin/sh", "-c"), List.of("echo hi"), List.of("A=1", "B=two"), "/srv",
                "nobody", "web", true, false, Map.of("tier", "front"), restart, memory, 1_500_000_000L, 100, true,
                autoRemove, "SIGQUIT", stopTimeout);
    }

    @Test
    void everyRunOptionReachesTheEngineSpec() {
        RunContainer run = new RunContainer(ID, "web-1", "busybox", spec("on-failure:3", false, 64L << 20, 7), true);

        ContainerSpec spec = RunSpecMapping.toSpec(run).build();

        assertThat(spec.id()).isEqualTo(ID);
        assertThat(spec.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(spec.cmd()).containsExactly("echo hi");
        assertThat(spec.env()).containsExactly("A=1", "B=two");
        assertThat(spec.workingDir()).isEqualTo("/srv");
        assertThat(spec.user()).isEqualTo("nobody");
        assertThat(spec.hostname()).isEqualTo("web");
        assertThat(spec.tty()).isTrue();
        assertThat(spec.readOnlyRootfs()).isTrue();
        assertThat(spec.labels()).containsExactly(Map.entry("tier", "front"));
        assertThat(spec.restartPolicy()).isEqualTo(RestartPolicy.parse("on-failure:3"));
        assertThat(spec.limits().memoryBytes()).isEqualTo(64L << 20);
        assertThat(spec.limits().nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(spec.limits().pidsLimit()).isEqualTo(100);
        assertThat(spec.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(spec.stopTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void nullsMeanTheImageDefaults() {
        RunContainer run = new RunContainer(ID, null, "busybox", ContainerRunSpec.command(null), false);

        ContainerSpec spec = RunSpecMapping.toSpec(run).build();

        assertThat(spec.entrypoint()).isNull();
        assertThat(spec.cmd()).isNull();
        assertThat(spec.workingDir()).isNull();
        assertThat(spec.user()).isNull();
        assertThat(spec.restartPolicy()).isEqualTo(RestartPolicy.NO);
        assertThat(spec.stopTimeout()).isEqualTo(ContainerSpec.DEFAULT_STOP_TIMEOUT);
        assertThat(spec.limits().memoryBytes()).isZero();
    }

    @Test
    void refusesContradictionsAndBadValuesWithAReason() {
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox",
                spec("always", true, 0, null), true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("auto-remove");
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox",
                spec("sometimes", false, 0, null), true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("invalid restart policy 'sometimes'");
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox",
                spec("no", false, 1024, null), true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox",
                spec("no", false, 0, -1), true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("stop timeout");
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "bad name!", "busybox",
                ContainerRunSpec.command(null), true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("invalid container name 'bad name!'");
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer("../x", "web", "busybox",
                ContainerRunSpec.command(null), true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("invalid container id");
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", " ", null, true)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("names no image");
    }

    @Test
    void stopTimeoutIsTheInstructionsThenTheContainersThenTen() {
        RunContainer withFive = new RunContainer(ID, "web", "busybox", spec("no", false, 0, 5), true);
        assertThat(RunSpecMapping.stopTimeout(2, withFive)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RunSpecMapping.stopTimeout(null, withFive)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RunSpecMapping.stopTimeout(null, null)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void hostAccessReachesTheEngineAsPrivileges() {
        var access = new HostAccess(true, List.of("NET_ADMIN"), List.of("MKNOD"),
                List.of(new HostAccess.BindMount("/srv", "/data", true)), "host", "host");
        RunContainer run = new RunContainer(ID, "web", "busybox", ContainerRunSpec.command(null).withHostAccess(access),
                false);

        Privileges p = RunSpecMapping.toSpec(run).build().privileges();

        assertThat(p).isEqualTo(new Privileges(true, List.of("NET_ADMIN"), List.of("MKNOD"),
                List.of(new BindMount("/srv", "/data", true)), true, true));
        assertThat(RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox", ContainerRunSpec.command(null), false))
                .build().privileges()).isEqualTo(Privileges.NONE);
    }

    @Test
    void unsupportedModesAndBadBindsAreRefusedBeforeTheHostIsTouched() {
        var bridge = new HostAccess(false, null, null, null, "bridge", null);
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox",
                ContainerRunSpec.command(null).withHostAccess(bridge), false)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("network mode 'bridge'");
        var escaping = new HostAccess(false, null, null, List.of(new HostAccess.BindMount("/srv/../etc", "/x", false)),
                null, null);
        assertThatThrownBy(() -> RunSpecMapping.toSpec(new RunContainer(ID, "web", "busybox",
                ContainerRunSpec.command(null).withHostAccess(escaping), false)))
                .isInstanceOf(InstructionRefused.class).hasMessageContaining("'..'");
    }
}
