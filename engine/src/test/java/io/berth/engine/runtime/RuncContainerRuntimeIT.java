package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The conformance suite for runc under conmon, plus what only this implementation leaves on disk. */
class RuncContainerRuntimeIT extends ContainerRuntimeConformance {
    @Override
    protected ContainerRuntime open(Path stateDir) {
        return RuncContainerRuntime.open(stateDir);
    }

    @Test
    void removeLeavesNoBundleRuncStateCgroupOrMonitor() throws Exception {
        ContainerSpec spec = sh("while true; do sleep 1; done").limits(ResourceLimits.none().withPids(20)).build();
        run(spec);
        Path bundle = stateDir.resolve("containers").resolve(spec.id());
        long conmonPid = Long.parseLong(Files.readString(bundle.resolve("conmon.pid")).strip());
        assertThat(Path.of("/sys/fs/cgroup/pids/berth", spec.id())).isDirectory();
        runtime.remove(spec.id(), true);
        assertThat(bundle).doesNotExist();
        assertThat(stateDir.resolve("runc-root").resolve(spec.id())).doesNotExist();
        assertThat(stateDir.resolve("exits").resolve(spec.id())).doesNotExist();
        assertThat(Path.of("/sys/fs/cgroup/pids/berth", spec.id())).doesNotExist();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(conmonPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(conmonPid).map(ProcessHandle::isAlive).orElse(false)).as("conmon exited").isFalse();
    }

    @Test
    void aContainerWhoseMonitorDiedIsKilledWhenTheEngineComesBack() throws Exception {
        ContainerSpec spec = sh("while true; do sleep 1; done").build();
        int pid = run(spec).pid();
        Path bundle = stateDir.resolve("containers").resolve(spec.id());
        long conmonPid = Long.parseLong(Files.readString(bundle.resolve("conmon.pid")).strip());
        runtime.close();
        ProcessHandle.of(conmonPid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(conmonPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        runtime = open(stateDir);
        ContainerStatus s = runtime.state(spec.id());
        assertThat(s.state()).isEqualTo(ContainerState.EXITED);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(running(pid)).as("container process killed").isFalse();
    }

    /** Alive and not a zombie: with conmon gone, nobody may reap the killed process at once. */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }
}
