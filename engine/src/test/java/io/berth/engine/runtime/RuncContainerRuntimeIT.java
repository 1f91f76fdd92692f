package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void theMonitorStartsWhileTheRootfsIsPrepared() throws Exception {
        ContainerSpec spec = sh("sleep 60").build();
        List<Long> monitorsSeenWhilePreparing = new ArrayList<>();
        runtime.create(spec, () -> {
            // conmon is spawned from a launcher thread: it may take a moment to appear, but it
            // must appear while the rootfs is still being prepared
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (conmonsOf(spec.id()).isEmpty() && System.nanoTime() < deadline) {
                sleep(5);
            }
            monitorsSeenWhilePreparing.addAll(conmonsOf(spec.id()));
            return rootfs;
        });
        assertThat(monitorsSeenWhilePreparing).as("a conmon for the container, waiting on its start pipe").isNotEmpty();
        assertThat(runtime.start(spec.id()).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void aRootfsThatCannotBePreparedLeavesNoMonitorAndNoBundle() throws Exception {
        ContainerSpec spec = sh("true").build();
        assertThatThrownBy(() -> runtime.create(spec, () -> {
            throw new IOException("the snapshot could not be mounted");
        })).isInstanceOf(IOException.class).hasMessageContaining("could not be mounted");
        assertThat(stateDir.resolve("containers").resolve(spec.id())).doesNotExist();
        assertThat(stateDir.resolve("runc-root").resolve(spec.id())).doesNotExist();
        assertThat(conmonsOf(spec.id())).as("the held-back conmon is killed, not let go").isEmpty();
        assertThat(runtime.list()).extracting(ContainerStatus::id).doesNotContain(spec.id());
    }

    @Test
    void aCreateTheLastEngineDidNotFinishIsDiscardedOnRestart() throws Exception {
        Path halfCreated = stateDir.resolve("containers").resolve("half-created");
        Files.createDirectories(halfCreated.resolve("persist"));
        Files.writeString(halfCreated.resolve("hostname"), "half-created\n");
        runtime.close();
        runtime = open(stateDir);
        assertThat(halfCreated).doesNotExist();
    }

    @Test
    void aRunWhoseProgramCannotBeFoundLeavesNothing() {
        ContainerSpec spec = ContainerSpec.builder("it-missing-" + ProcessHandle.current().pid()).cmd("/no/such/program").build();
        assertThatThrownBy(() -> runtime.run(spec, () -> rootfs)).isInstanceOf(ContainerRuntimeException.class)
            .hasMessageContaining("/no/such/program");
        assertThat(stateDir.resolve("containers").resolve(spec.id())).doesNotExist();
        assertThat(stateDir.resolve("runc-root").resolve(spec.id())).doesNotExist();
        assertThat(conmonsOf(spec.id())).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fifoReaders() > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(fifoReaders()).as("no start left waiting for an init that never came").isZero();
    }

    @Test
    void aRunStartsTheProgramAndRuncReportsItRunning() throws Exception {
        ContainerSpec spec = sh("echo ran; sleep 60").build();
        ContainerStatus status = runtime.run(spec, () -> rootfs);
        assertThat(status.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status.startedAt()).isNotNull();
        awaitLog(spec.id(), "ran");
        assertThat(stateDir.resolve("runc-root").resolve(spec.id()).resolve("exec.fifo")).as("consumed, as runc start does")
            .doesNotExist();
        Process runcState = new ProcessBuilder("runc", "--root", stateDir.resolve("runc-root").toString(), "state", spec.id())
            .redirectErrorStream(true).start();
        String state = new String(runcState.getInputStream().readAllBytes());
        assertThat(state).contains("\"status\": \"running\"").contains("\"pid\": " + status.pid());
        assertThat(runtime.state(spec.id()).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void anIdRuncAlreadyHoldsIsRefusedBeforeAnythingRuns() throws Exception {
        ContainerSpec spec = sh("true").build();
        Files.createDirectories(stateDir.resolve("runc-root").resolve(spec.id()));
        assertThatThrownBy(() -> runtime.run(spec, () -> rootfs)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("runc already holds");
        assertThat(stateDir.resolve("containers").resolve(spec.id())).doesNotExist();
        assertThat(conmonsOf(spec.id())).isEmpty();
    }

    /** Threads reading an exec fifo (a blocked read is RUNNABLE); idle pool threads wait. */
    private static long fifoReaders() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("exec-fifo-opener") && t.getState() == Thread.State.RUNNABLE)
            .count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pids of the conmon processes whose {@code -c} names this container. */
    private static List<Long> conmonsOf(String id) {
        return ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("/conmon")).orElse(false))
            .filter(p -> {
                List<String> args = List.of(p.info().arguments().orElse(new String[0]));
                int c = args.indexOf("-c");
                return c >= 0 && c + 1 < args.size() && args.get(c + 1).equals(id);
            })
            .map(ProcessHandle::pid)
            .toList();
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
