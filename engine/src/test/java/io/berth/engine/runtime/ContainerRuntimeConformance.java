package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ContainerRuntime} must do, run against real containers from a busybox
 * rootfs (containerd-style conformance suite): an implementation's {@code *IT} extends
 * this and says how to open a runtime over a state directory.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerRuntimeConformance {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQ = new AtomicInteger();

    Path stateDir;
    Path rootfs;
    ContainerRuntime runtime;

    /** Opens the implementation over a state directory; called again to simulate an engine restart. */
    protected abstract ContainerRuntime open(Path stateDir);

    @BeforeAll
    void openRuntime(@TempDir Path tmp) throws IOException {
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        stateDir = tmp.resolve("state");
        runtime = open(stateDir);
    }

    @AfterEach
    void removeContainers() {
        if (runtime == null) { // a test failed between closing and reopening
            runtime = open(stateDir);
        }
        for (ContainerStatus c : runtime.list()) {
            try {
                runtime.remove(c.id(), true);
            } catch (RuntimeException e) {
                System.err.println("cleanup of " + c.id() + " failed: " + e);
            }
        }
    }

    @AfterAll
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static String newId() {
        return "it-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    ContainerSpec.Builder sh(String script) {
        return ContainerSpec.builder(newId()).cmd("sh", "-c", script);
    }

    /** {@code docker run}: create and start as one, as the engine runs containers. */
    ContainerStatus run(ContainerSpec spec) {
        try {
            return runtime.run(spec, () -> rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ContainerStatus runToExit(ContainerSpec spec) {
        run(spec);
        return runtime.waitForExit(spec.id(), EXIT_WAIT).orElseThrow(() -> new AssertionError(spec.id() + " did not exit"));
    }

    List<String> logLines(String id) {
        try (ContainerLogs logs = runtime.logs(id, LogQuery.all())) {
            return logs.toList().stream().map(LogEntry::text).toList();
        }
    }

    String output(ContainerSpec spec) {
        ContainerStatus s = runToExit(spec);
        assertThat(s.exitCode()).as("exit code; log: %s", logLines(spec.id())).isZero();
        return String.join("\n", logLines(spec.id()));
    }

    @Test
    void echoHelloIsLoggedWithStreamsAndTimestamps() {
        Instant before = Instant.now().minusSeconds(1);
        ContainerSpec spec = sh("echo hello; echo oops >&2").build();
        ContainerStatus exited = runToExit(spec);

        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.exitCode()).isZero();
        List<LogEntry> entries;
        try (ContainerLogs logs = runtime.logs(spec.id(), LogQuery.all())) {
            entries = logs.toList();
        }
        assertThat(entries).extracting(LogEntry::text).containsExactlyInAnyOrder("hello", "oops");
        assertThat(entries).filteredOn(e -> e.text().equals("hello")).extracting(LogEntry::stream).containsExactly(StdStream.STDOUT);
        assertThat(entries).filteredOn(e -> e.text().equals("oops")).extracting(LogEntry::stream).containsExactly(StdStream.STDERR);
        assertThat(entries).allSatisfy(e -> assertThat(e.timestamp()).isAfter(before).isBefore(Instant.now()));
        try (ContainerLogs out = runtime.logs(spec.id(), LogQuery.all().onlyStdout())) {
            assertThat(out.toList()).extracting(LogEntry::text).containsExactly("hello");
        }
        try (ContainerLogs future = runtime.logs(spec.id(), LogQuery.all().withSince(Instant.now().plusSeconds(60)))) {
            assertThat(future.toList()).isEmpty();
        }
    }

    @Test
    void tailAndFollowReadWhileTheContainerRuns() {
        ContainerSpec spec = sh("for i in 1 2 3 4 5; do echo line $i; sleep 0.2; done").build();
        run(spec);
        List<String> followed;
        try (ContainerLogs logs = runtime.logs(spec.id(), LogQuery.all().following())) {
            followed = logs.toList().stream().map(LogEntry::text).toList();
        }
        // follow ended by itself, because the container exited
        assertThat(runtime.state(spec.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(followed).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
        try (ContainerLogs tail = runtime.logs(spec.id(), LogQuery.all().withTail(2))) {
            assertThat(tail.toList()).extracting(LogEntry::text).containsExactly("line 4", "line 5");
        }
    }

    @Test
    void aCreatedContainerRunsItsProgramOnlyOnceStarted() throws InterruptedException {
        ContainerSpec spec = sh("echo started; sleep 60").build();
        ContainerStatus created = runtime.create(spec, rootfs);
        assertThat(created.state()).isEqualTo(ContainerState.CREATED);
        assertThat(created.startedAt()).isNull();
        assertThat(runtime.state(spec.id()).state()).isEqualTo(ContainerState.CREATED);
        assertThat(logLines(spec.id())).isEmpty();
        ContainerStatus started = runtime.start(spec.id());
        assertThat(started.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(started.startedAt()).isNotNull();
        awaitLog(spec.id(), "started");
    }

    @Test
    void exitCodeIsRecorded() {
        ContainerStatus s = runToExit(sh("exit 3").build());
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.oomKilled()).isFalse();
        assertThat(s.finishedAt()).isNotNull();
    }

    @Test
    void argsEnvWorkdirAndHostnameReachTheProcess() {
        ContainerSpec spec = ContainerSpec.builder(newId())
            .image(new ImageDefaults(List.of("sh", "-c"), List.of("echo image-cmd"), List.of("FOO=image", "BAR=kept"),
                "/home", null, null))
            .cmd("echo \"$FOO $BAR $PATH $HOME\"; pwd; hostname; cat /etc/hostname")
            .env("FOO=run").workingDir("/tmp").hostname("web-1").build();
        assertThat(output(spec).lines()).containsExactly(
            "run kept " + Environment.DEFAULT_PATH.substring(5) + " /root", "/tmp", "web-1", "web-1");
    }

    @Test
    void userIsANumberOrANameFromTheRootfs() {
        assertThat(output(sh("id -u; id -g").user("1234:99").build()).lines()).containsExactly("1234", "99");
        assertThat(output(sh("id -u; id -g; id -G; echo $HOME").user("app").build()).lines())
            .containsExactly("1000", "1000", "1000 50", "/home/app");
        assertThatThrownBy(() -> runtime.create(sh("true").user("ghost").build(), rootfs))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unable to find user ghost");
    }

    @Test
    void isolationDefaultsAreInForce() {
        String out = output(sh("grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status;"
            + " echo pid=$$; cat /proc/net/dev | grep -c ':';"
            + " wc -c < /proc/keys; wc -c < /proc/timer_list; ls /sys/firmware | wc -l;"
            + " (echo 1 > /proc/sysrq-trigger) 2>&1 || echo sysrq-refused;"
            + " (touch /sys/x) 2>&1 || echo sys-refused").build());
        assertThat(out).contains("CapEff:\t00000000a80425fb", "CapPrm:\t00000000a80425fb", "CapBnd:\t00000000a80425fb",
            "CapInh:\t0000000000000000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2", "pid=1",
            "sysrq-refused", "sys-refused");
        List<String> lines = out.lines().toList();
        int pidLine = lines.indexOf("pid=1");
        assertThat(lines.get(pidLine + 1)).as("network interfaces: loopback only").isEqualTo("1");
        // On the host these are non-empty (checked below); masked, they read as /dev/null.
        assertThat(lines.get(pidLine + 2)).as("masked /proc/keys size").isEqualTo("0");
        assertThat(lines.get(pidLine + 3)).as("masked /proc/timer_list size").isEqualTo("0");
        assertThat(lines.get(pidLine + 4)).as("masked /sys/firmware entries").isEqualTo("0");
        assertThat(readHost("/proc/timer_list")).isNotEmpty();
        assertThat(Path.of("/sys/firmware")).isNotEmptyDirectory();
    }

    @Test
    void bindMountsShowTheHostsFilesAndReadOnlyOnesRefuseWrites(@TempDir Path host) throws IOException {
        Path shared = Files.createDirectories(host.resolve("shared"));
        Path sealed = Files.createDirectories(host.resolve("sealed"));
        Files.writeString(shared.resolve("in.txt"), "from-the-host\n");
        Files.writeString(sealed.resolve("keep.txt"), "sealed\n");
        ContainerSpec spec = sh("cat /data/in.txt; echo from-the-container > /data/out.txt;"
            + " (echo x > /sealed/keep.txt) 2>&1 || echo ro-refused; cat /sealed/keep.txt")
            .privileges(new Privileges(false, List.of(), List.of(), List.of(
                new BindMount(shared.toString(), "/data", false), new BindMount(sealed.toString(), "/sealed", true)),
                false, false))
            .build();
        assertThat(output(spec).lines().toList()).contains("from-the-host", "ro-refused", "sealed");
        assertThat(Files.readString(shared.resolve("out.txt"))).isEqualTo("from-the-container\n");
        assertThat(Files.readString(sealed.resolve("keep.txt"))).isEqualTo("sealed\n");
    }

    @Test
    void aBindOfAMissingHostPathIsRefusedBeforeAnythingRuns(@TempDir Path host) {
        ContainerSpec spec = sh("true").privileges(new Privileges(false, List.of(), List.of(),
            List.of(new BindMount(host.resolve("missing").toString(), "/data", false)), false, false)).build();
        assertThatThrownBy(() -> runtime.create(spec, rootfs)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not exist");
        assertThat(runtime.list()).extracting(ContainerStatus::id).doesNotContain(spec.id());
    }

    @Test
    void hostPidAndNetworkAreTheHostsOwnNamespaces() throws IOException {
        String out = output(sh("readlink /proc/self/ns/pid; readlink /proc/self/ns/net; echo pid=$$")
            .privileges(new Privileges(false, List.of(), List.of(), List.of(), true, true)).build());
        assertThat(out.lines().toList()).contains(
            Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(),
            Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()).doesNotContain("pid=1");
        // and without them, namespaces of its own
        String isolated = output(sh("readlink /proc/self/ns/pid; readlink /proc/self/ns/net").build());
        assertThat(isolated.lines().toList()).doesNotContain(
            Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(),
            Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
    }

    @Test
    void privilegedHasEveryCapabilityNoSeccompAndTheHostsDevices() {
        String out = output(sh("grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; ls /dev;"
            + " if (touch /sys/x) 2>&1 | grep -q 'Read-only'; then echo sys-ro; else echo sys-rw; fi")
            .privileges(new Privileges(true, List.of(), List.of(), List.of(), false, false)).build());
        // every capability the engine (this JVM, runc's parent) has itself
        String bounding = readHost("/proc/self/status").lines().filter(l -> l.startsWith("CapBnd:")).findFirst()
            .orElseThrow().substring("CapBnd:".length()).strip();
        assertThat(out).contains("CapEff:\t" + bounding, "NoNewPrivs:\t0", "Seccomp:\t0");
        List<String> lines = out.lines().toList();
        try (var hostDev = Files.list(Path.of("/dev"))) {
            String someHostDevice = hostDev.filter(p -> !Files.isDirectory(p) && !Files.isSymbolicLink(p))
                .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("loop") || n.startsWith("vd")
                    || n.startsWith("sd") || n.startsWith("nvme") || n.equals("kmsg") || n.equals("mem"))
                .findFirst().orElseThrow();
            assertThat(lines).as("host device %s in the container's /dev", someHostDevice).contains(someHostDevice);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(lines).as("/sys is not mounted read-only").contains("sys-rw");
    }

    @Test
    void seccompRefusesUserNamespacesAndMounts() {
        // Without the profile this succeeds here (checked with plain runc): an unprivileged
        // process may create a user namespace. The filter refuses the syscall itself.
        ContainerStatus unshare = runToExit(sh("unshare -U sh -c 'echo inside-userns'").build());
        assertThat(unshare.exitCode()).isNotZero();
        assertThat(logLines(unshare.id())).doesNotContain("inside-userns");
        assertThat(String.join("\n", logLines(unshare.id()))).contains("unshare(0x10000000): Operation not permitted");
        // busybox words EPERM from mount(2) as "permission denied (are you root?)"
        ContainerStatus mount = runToExit(sh("mount -t tmpfs none /mnt").build());
        assertThat(mount.exitCode()).isNotZero();
        assertThat(String.join("\n", logLines(mount.id()))).containsIgnoringCase("permission denied");
    }

    @Test
    void aTtyContainerWritesThroughItsTerminal() {
        ContainerSpec spec = sh("tty; echo $TERM").tty(true).build();
        ContainerStatus s = runToExit(spec);
        assertThat(s.exitCode()).isZero();
        assertThat(logLines(spec.id())).extracting(String::strip).containsExactly("/dev/pts/0", "xterm");
    }

    @Test
    void readOnlyRootRefusesWrites() {
        ContainerStatus s = runToExit(sh("touch /written-by-container").readOnlyRootfs(true).build());
        assertThat(s.exitCode()).isNotZero();
        assertThat(String.join("\n", logLines(s.id()))).contains("Read-only file system");
        assertThat(rootfs.resolve("written-by-container")).doesNotExist();
    }

    @Test
    void limitsReachTheCgroup() {
        ContainerSpec spec = sh("cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/cpu/cpu.cfs_quota_us"
            + " /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/memory/memory.limit_in_bytes")
            .limits(ResourceLimits.none().withPids(50).withCpus(0.5).withMemory(64L << 20)).build();
        assertThat(output(spec).lines()).containsExactly("50", "50000", "100000", Long.toString(64L << 20));
    }

    @Test
    void memoryLimitEndsInARecordedOomKill() {
        ContainerSpec spec = sh("x=a; while true; do x=$x$x; done")
            .limits(ResourceLimits.none().withMemory(8L << 20).withMemorySwap(8L << 20)).build();
        ContainerStatus s = runToExit(spec);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.oomKilled()).isTrue();
    }

    @Test
    void stopSendsSigkillWhenTermIsIgnored() {
        // sh as PID 1 has no TERM handler, and PID 1 ignores signals without one.
        ContainerSpec spec = sh("while true; do sleep 1; done").build();
        assertThat(run(spec).state()).isEqualTo(ContainerState.RUNNING);
        long t0 = System.nanoTime();
        ContainerStatus s = runtime.stop(spec.id(), Duration.ofSeconds(1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.state()).isEqualTo(ContainerState.EXITED);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.stoppedByUser()).isTrue();
        assertThat(ms).isBetween(900L, 8000L);
    }

    @Test
    void stopWithAHandledSignalExitsAtOnce() {
        ContainerSpec spec = sh("trap 'echo bye; exit 0' USR1; while true; do sleep 0.1; done").stopSignal("SIGUSR1").build();
        run(spec);
        long t0 = System.nanoTime();
        ContainerStatus s = runtime.stop(spec.id(), Duration.ofSeconds(10));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(s.exitCode()).isZero();
        assertThat(logLines(spec.id())).contains("bye");
    }

    @Test
    void killDeliversAnySignal() throws InterruptedException {
        ContainerSpec spec = sh("trap 'echo got-hup' HUP; while true; do sleep 0.1; done").build();
        run(spec);
        runtime.kill(spec.id(), "HUP");
        awaitLog(spec.id(), "got-hup");
        assertThat(runtime.state(spec.id()).state()).isEqualTo(ContainerState.RUNNING);
        assertThatThrownBy(() -> runtime.kill(spec.id(), "SIGNOPE"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown signal: SIGNOPE");
        runtime.kill(spec.id(), "9");
        ContainerStatus s = runtime.waitForExit(spec.id(), EXIT_WAIT).orElseThrow();
        assertThat(s.exitCode()).isEqualTo(137);
        assertThatThrownBy(() -> runtime.kill(spec.id(), "TERM")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not running");
    }

    @Test
    void unknownIdsAreRefusedByName() {
        assertThatThrownBy(() -> runtime.state("nope")).isInstanceOf(NoSuchContainerException.class)
            .hasMessage("no such container: nope");
        assertThatThrownBy(() -> runtime.start("nope")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> runtime.logs("../state", LogQuery.all())).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void removeRefusesARunningContainerUnlessForcedAndCleansUp() {
        ContainerSpec spec = sh("while true; do sleep 1; done").build();
        run(spec);
        assertThatThrownBy(() -> runtime.remove(spec.id(), false)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot remove running container");
        ContainerStatus removed = runtime.remove(spec.id(), true);
        assertThat(removed.state()).isEqualTo(ContainerState.REMOVED);
        assertThat(removed.exitCode()).isEqualTo(137);
        assertThatThrownBy(() -> runtime.state(spec.id())).isInstanceOf(NoSuchContainerException.class);
        assertThat(runtime.list()).extracting(ContainerStatus::id).doesNotContain(spec.id());
    }

    @Test
    void anExitedContainerStartsAgainAndItsLogContinues() {
        ContainerSpec spec = sh("echo run").build();
        runToExit(spec);
        runtime.start(spec.id());
        runtime.waitForExit(spec.id(), EXIT_WAIT).orElseThrow();
        assertThat(logLines(spec.id())).containsExactly("run", "run");
    }

    @Test
    void onFailureRestartsUpToItsLimit() throws InterruptedException {
        ContainerSpec spec = sh("echo run; exit 3").restartPolicy("on-failure:2").build();
        run(spec);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ContainerStatus s = runtime.state(spec.id());
        while (!(s.restartCount() == 2 && s.state() == ContainerState.EXITED) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = runtime.state(spec.id());
        }
        assertThat(s.restartCount()).isEqualTo(2);
        assertThat(s.exitCode()).isEqualTo(3);
        Thread.sleep(1500); // longer than the next backoff (400 ms): no fourth run
        assertThat(runtime.state(spec.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(runtime.state(spec.id()).restartCount()).isEqualTo(2);
        assertThat(logLines(spec.id())).containsExactly("run", "run", "run");
    }

    @Test
    void changeListenersHearExitsAndPolicyRestarts() throws InterruptedException {
        java.util.concurrent.BlockingQueue<ContainerStatus> changes = new java.util.concurrent.LinkedBlockingQueue<>();
        ContainerSpec spec = sh("exit 3").restartPolicy("on-failure:1").build();
        runtime.addChangeListener(s -> {
            if (s.id().equals(spec.id())) {
                changes.add(s);
            }
        });
        run(spec);
        List<ContainerStatus> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ContainerStatus s = changes.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(s).as("change %d of %s", i + 1, seen).isNotNull();
            seen.add(s);
        }
        assertThat(seen).extracting(ContainerStatus::state)
            .containsExactly(ContainerState.EXITED, ContainerState.RUNNING, ContainerState.EXITED);
        assertThat(seen.get(0).exitCode()).isEqualTo(3);
        assertThat(seen.get(1).restartCount()).isEqualTo(1);
        assertThat(seen.get(2).exitCode()).isEqualTo(3);
        assertThat(changes.poll(1, java.util.concurrent.TimeUnit.SECONDS)).as("no further restart").isNull();
    }

    @Test
    void alwaysRestartsUntilStopped() throws InterruptedException {
        ContainerSpec spec = sh("echo run; sleep 0.2").restartPolicy("always").build();
        run(spec);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runtime.state(spec.id()).restartCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(runtime.state(spec.id()).restartCount()).isGreaterThanOrEqualTo(2);
        ContainerStatus stopped = runtime.stop(spec.id(), Duration.ofSeconds(5));
        int count = stopped.restartCount();
        Thread.sleep(1500);
        assertThat(runtime.state(spec.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(runtime.state(spec.id()).restartCount()).isEqualTo(count);
    }

    @Test
    void execReturnsOutputAndExitCode() {
        ContainerSpec spec = sh("while true; do sleep 1; done").env("FROM_CONTAINER=yes").build();
        run(spec);
        ExecResult r = runtime.exec(spec.id(), ExecSpec.of("sh", "-c", "echo hi $FROM_CONTAINER $EXTRA; echo err >&2; pwd; id -u; exit 4")
            .withEnv("EXTRA=x").withWorkingDir("/tmp").withUser("app"));
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("hi yes x\n/tmp\n1000\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThatThrownBy(() -> runtime.exec(spec.id(), new ExecSpec(List.of(), null, null, null, false)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void execDrainsLargeStdoutAndStderrTogether() {
        ContainerSpec spec = sh("while true; do sleep 1; done").build();
        run(spec);
        // 256 KiB to stderr before anything on stdout: more than a pipe holds.
        ExecResult r = runtime.exec(spec.id(), ExecSpec.of("sh", "-c",
            "i=0; while [ $i -lt 4096 ]; do echo 0123456789012345678901234567890123456789012345678901234567890123 >&2; i=$((i+1)); done; echo done"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("done\n");
        assertThat(r.stderr()).hasSize(4096 * 65);
    }

    @Test
    void execRefusesAContainerThatIsNotRunning() {
        ContainerSpec spec = sh("true").build();
        runToExit(spec);
        assertThatThrownBy(() -> runtime.exec(spec.id(), ExecSpec.of("true")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("it is exited");
    }

    @Test
    void execWithATtyIsInteractive() throws Exception {
        ContainerSpec spec = sh("while true; do sleep 1; done").build();
        run(spec);
        try (ExecSession session = runtime.execInteractive(spec.id(), ExecSpec.of("sh").withTty(true))) {
            session.resize(40, 100);
            session.stdin().write("tty; stty size; echo $((6*7)); exit 5\n".getBytes(StandardCharsets.UTF_8));
            String out = readAll(session.stdout());
            assertThat(out).contains("/dev/pts/", "40 100", "42");
            assertThat(session.waitFor(EXIT_WAIT)).contains(5);
        }
    }

    @Test
    void execWithoutATtyKeepsStreamsApart() throws Exception {
        ContainerSpec spec = sh("while true; do sleep 1; done").build();
        run(spec);
        try (ExecSession session = runtime.execInteractive(spec.id(), ExecSpec.of("sh", "-c", "read x; echo out-$x; echo err-$x >&2; exit 2"))) {
            session.stdin().write("abc\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readAll(session.stdout())).isEqualTo("out-abc\n");
            assertThat(readAll(session.stderr())).isEqualTo("err-abc\n");
            assertThat(session.waitFor(EXIT_WAIT)).contains(2);
        }
    }

    @Test
    void containersAndLogsSurviveARuntimeRestart() throws InterruptedException {
        ContainerSpec spec = sh("i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done").build();
        int pid = run(spec).pid();
        awaitLog(spec.id(), "tick 2");
        runtime.close();
        runtime = null;

        runtime = open(stateDir);
        ContainerStatus found = runtime.state(spec.id());
        assertThat(found.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(found.pid()).isEqualTo(pid);
        assertThat(runtime.list()).extracting(ContainerStatus::id).contains(spec.id());
        int before = logLines(spec.id()).size();
        awaitLog(spec.id(), "tick " + (before + 3));
        ContainerStatus stopped = runtime.stop(spec.id(), Duration.ofSeconds(1));
        assertThat(stopped.state()).isEqualTo(ContainerState.EXITED);
    }

    void awaitLog(String id, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!logLines(id).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("log of " + id + " never showed '" + line + "': " + logLines(id));
            }
            Thread.sleep(50);
        }
    }

    private static String readHost(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
