package io.berth.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.agent.ContainerInstructions.CommitContainer;
import io.berth.protocol.agent.ContainerInstructions.KillContainer;
import io.berth.protocol.agent.ContainerInstructions.RemoveContainer;
import io.berth.protocol.agent.ContainerInstructions.RestartContainer;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerInstructions.StartContainer;
import io.berth.protocol.agent.ContainerInstructions.StopContainer;
import io.berth.protocol.agent.ContainerReports.ContainerCommitted;
import io.berth.protocol.agent.ContainerReports.ContainerCreated;
import io.berth.protocol.agent.ContainerReports.ContainerDrift;
import io.berth.protocol.agent.ContainerReports.ContainerExited;
import io.berth.protocol.agent.ContainerReports.ContainerRemoved;
import io.berth.protocol.agent.ContainerReports.ContainerStarted;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.agent.HostInstructions.DesiredContainer;
import io.berth.protocol.agent.HostInstructions.Reconcile;
import io.berth.protocol.agent.HostReports.Heartbeat;
import io.berth.protocol.agent.HostReports.InstructionFailed;
import io.berth.protocol.agent.ImageInstructions.RemoveImage;
import io.berth.protocol.agent.ImageInstructions.TagImage;
import io.berth.protocol.agent.ImageReports.ImageRemoved;
import io.berth.protocol.agent.ImageReports.ImageStored;
import io.berth.protocol.agent.ImageReports.ImageTagged;
import io.berth.protocol.agent.ProgressReports.TaskProgress;
import io.berth.protocol.agent.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One agent in-process against the real broker and runc; the test plays the control plane. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentInstructionsIT {

    private ControlPlaneDouble controlPlane;
    private Agent agent;
    private String host;
    private String busyboxId;

    @BeforeAll
    void startAgent(@TempDir Path stateDir) throws Exception {
        controlPlane = new ControlPlaneDouble(AgentIT.testKafka());
        TestCredentials.install(stateDir);
        agent = Agent.start(new AgentConfig(stateDir, AgentIT.testKafka(), 0, Map.of("region", "test"))
                .withControlPlane(java.net.URI.create("http://127.0.0.1:1"), null)
                .withHeartbeatInterval(Duration.ofSeconds(1)));
        host = agent.hostId();
        busyboxId = BusyboxImage.importInto(agent.engine());
        assertThat(agent.awaitReady(Duration.ofSeconds(60))).isTrue();
    }

    @AfterEach
    void removeContainers() {
        for (ContainerStatus c : agent.engine().runtime().list()) {
            try {
                agent.engine().remove(c.id(), true);
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @AfterAll
    void stopAgent() {
        if (agent != null) {
            agent.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    static String newId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static RunContainer run(String id, String... cmd) {
        return new RunContainer(id, "c-" + id.substring(0, 8), "busybox", ContainerRunSpec.command(List.of(cmd)), true);
    }

    private static RunContainer run(String id, ContainerRunSpec spec) {
        return new RunContainer(id, "c-" + id.substring(0, 8), "busybox", spec, true);
    }

    private static ContainerRunSpec spec(List<String> cmd, String restart, boolean autoRemove, Integer stopTimeout) {
        return new ContainerRunSpec(null, cmd, List.of(), null, null, null, false, false, Map.of(), restart, 0, 0, 0,
                false, autoRemove, null, stopTimeout);
    }

    @Test
    void aRunIsReportedCreatedStartedAndExitedWithItsCode() {
        String id = newId();
        UUID command = controlPlane.send(host, run(id, "sh", "-c", "echo hi; exit 3"));

        List<Report> answer = controlPlane.awaitAnswer(command, ContainerStarted.class);
        assertThat(answer.get(0)).isEqualTo(new ContainerCreated(id, busyboxId));
        ContainerExited exited = controlPlane.await(host, ContainerExited.class, e -> e.containerId().equals(id));

        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.oomKilled()).isFalse();
        assertThat(exited.stoppedByUser()).isFalse();
        List<Class<?>> order = controlPlane.from(host).stream().map(ControlPlaneDouble.Received::report)
                .filter(r -> r.toString().contains(id)).map(Object::getClass).toList();
        assertThat(order).containsExactly(ContainerCreated.class, ContainerStarted.class, ContainerExited.class);
    }

    @Test
    void aRedeliveredCommandIdCreatesNoSecondContainerAndRepeatsItsReports() {
        String id = newId();
        RunContainer run = run(id, "sleep", "300");
        UUID command = UUID.randomUUID();
        controlPlane.send(command, host, run);
        List<Report> first = controlPlane.awaitAnswer(command, ContainerStarted.class);

        controlPlane.send(command, host, run);
        ControlPlaneDouble.sleep(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (controlPlane.answering(command).size() < 2 * first.size() && System.nanoTime() < deadline) {
            ControlPlaneDouble.sleep(50);
        }
        List<ControlPlaneDouble.Received> all = controlPlane.answering(command);
        assertThat(all).hasSize(2 * first.size());
        // the very same reports, report ids included: the control plane appends them once
        assertThat(all.subList(first.size(), all.size())).extracting(r -> r.envelope().reportId())
                .containsExactlyElementsOf(all.subList(0, first.size()).stream().map(r -> r.envelope().reportId()).toList());

        // A new command id for the same container: the host's state, not the journal, stops a second one.
        UUID again = controlPlane.send(host, run);
        assertThat(controlPlane.awaitAnswer(again, ContainerStarted.class)).first().isEqualTo(new ContainerCreated(id, busyboxId));
        assertThat(agent.engine().runtime().list()).extracting(ContainerStatus::id).containsExactly(id);
    }

    @Test
    void stopStartKillRestartAndRemove() {
        String id = newId();
        controlPlane.awaitAnswer(controlPlane.send(host, run(id, spec(List.of("sleep", "300"), "no", false, 1))),
                ContainerStarted.class);

        // sleep as PID 1 ignores TERM: the stop ends in SIGKILL after the container's 1 s timeout
        List<Report> stopped = controlPlane.awaitAnswer(controlPlane.send(host, new StopContainer(id, null)),
                ContainerExited.class);
        ContainerExited exit = (ContainerExited) stopped.get(stopped.size() - 1);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.stoppedByUser()).isTrue();

        controlPlane.awaitAnswer(controlPlane.send(host, new StartContainer(id)), ContainerStarted.class);
        assertThat(agent.engine().runtime().state(id).state()).isEqualTo(ContainerState.RUNNING);

        List<Report> killed = controlPlane.awaitAnswer(controlPlane.send(host, new KillContainer(id, "KILL")),
                ContainerExited.class);
        assertThat(((ContainerExited) killed.get(killed.size() - 1)).exitCode()).isEqualTo(137);

        List<Report> restarted = controlPlane.awaitAnswer(controlPlane.send(host, new RestartContainer(id, 0)),
                ContainerStarted.class);
        assertThat(restarted).last().isInstanceOf(ContainerStarted.class);
        assertThat(agent.engine().runtime().state(id).state()).isEqualTo(ContainerState.RUNNING);

        UUID refused = controlPlane.send(host, new RemoveContainer(id, false));
        InstructionFailed failed = (InstructionFailed) controlPlane.awaitAnswer(refused, InstructionFailed.class).get(0);
        assertThat(failed.refused()).isTrue();
        assertThat(failed.reason()).contains("stop it first or force");

        List<Report> removed = controlPlane.awaitAnswer(controlPlane.send(host, new RemoveContainer(id, true)),
                ContainerRemoved.class);
        assertThat(removed).first().isInstanceOf(ContainerExited.class);
        assertThat(agent.engine().runtime().list()).isEmpty();
    }

    @Test
    void commitReportsTheNewImageOnItsParentThenTagAndRemoveIt() {
        String id = newId();
        controlPlane.awaitAnswer(controlPlane.send(host, run(id, "sh", "-c", "echo made > /made; sleep 300")),
                ContainerStarted.class);
        ControlPlaneDouble.sleep(300);

        List<Report> answer = controlPlane.awaitAnswer(controlPlane.send(host,
                new CommitContainer(id, "snap:1", "ada", "first", List.of("CMD [\"cat\", \"/made\"]"))),
                ImageStored.class);
        // the commit's progress reports come first, then its outcome: committed, then stored
        assertThat(answer).filteredOn(TaskProgress.class::isInstance).isNotEmpty();
        List<Report> outcome = answer.stream().filter(r -> !(r instanceof TaskProgress)).toList();
        ContainerCommitted committed = (ContainerCommitted) outcome.get(0);
        ImageStored stored = (ImageStored) outcome.get(1);
        assertThat(committed.parentImageId()).isEqualTo(busyboxId);
        assertThat(committed.imageId()).startsWith("sha256:").isNotEqualTo(busyboxId);
        assertThat(committed.diffId()).startsWith("sha256:");
        assertThat(committed.author()).isEqualTo("ada");
        assertThat(committed.reference()).isEqualTo("snap:1");
        assertThat(stored.imageId()).isEqualTo(committed.imageId());
        assertThat(stored.references()).containsExactly("snap:1");
        assertThat(stored.parentImageId()).isEqualTo(busyboxId);
        assertThat(stored.sizeBytes()).isPositive();

        ImageTagged tagged = (ImageTagged) controlPlane.awaitAnswer(controlPlane.send(host,
                new TagImage("snap:1", "snap:latest")), ImageTagged.class).get(0);
        assertThat(tagged).isEqualTo(new ImageTagged(committed.imageId(), "snap:latest"));

        ImageRemoved untagged = (ImageRemoved) controlPlane.awaitAnswer(controlPlane.send(host,
                new RemoveImage("snap:1", false)), ImageRemoved.class).get(0);
        assertThat(untagged.untagged()).containsExactly("snap:1");
        assertThat(untagged.deleted()).isFalse();
    }

    @Test
    void badInstructionsAreRefusedWithAReasonAndChangeNothing() {
        String id = newId();
        InstructionFailed unknownImage = (InstructionFailed) controlPlane.awaitAnswer(controlPlane.send(host,
                new RunContainer(id, "nope", "nosuch:image", ContainerRunSpec.command(null), true)),
                InstructionFailed.class).get(0);
        assertThat(unknownImage.refused()).isTrue();
        assertThat(unknownImage.reason()).contains("no such image").contains("nosuch:image");
        assertThat(unknownImage.instructionType()).isEqualTo("container.run");

        String holder = newId();
        controlPlane.awaitAnswer(controlPlane.send(host,
                new RunContainer(holder, "taken", "busybox", ContainerRunSpec.command(List.of("sleep", "300")), true)),
                ContainerStarted.class);
        InstructionFailed taken = (InstructionFailed) controlPlane.awaitAnswer(controlPlane.send(host,
                new RunContainer(id, "taken", "busybox", ContainerRunSpec.command(null), true)),
                InstructionFailed.class).get(0);
        assertThat(taken.refused()).isTrue();
        assertThat(taken.reason()).contains("'taken' is already in use by container " + holder);

        InstructionFailed signal = (InstructionFailed) controlPlane.awaitAnswer(controlPlane.send(host,
                new KillContainer(holder, "SIGNOPE")), InstructionFailed.class).get(0);
        assertThat(signal.refused()).isTrue();
        assertThat(signal.reason()).contains("SIGNOPE");

        InstructionFailed missing = (InstructionFailed) controlPlane.awaitAnswer(controlPlane.send(host,
                new StartContainer(newId())), InstructionFailed.class).get(0);
        assertThat(missing.reason()).contains("no such container");

        assertThat(agent.engine().runtime().list()).extracting(ContainerStatus::id).containsExactly(holder);
    }

    @Test
    void autoRemoveRemovesTheContainerAfterItsExitIsReported() {
        String id = newId();
        controlPlane.send(host, run(id, spec(List.of("true"), "no", true, null)));

        controlPlane.await(host, ContainerRemoved.class, r -> r.containerId().equals(id));
        List<Class<?>> order = controlPlane.from(host).stream().map(ControlPlaneDouble.Received::report)
                .filter(r -> r.toString().contains(id)).map(Object::getClass).toList();
        assertThat(order).containsExactly(ContainerCreated.class, ContainerStarted.class, ContainerExited.class,
                ContainerRemoved.class);
        assertThat(agent.engine().runtime().list()).isEmpty();
    }

    @Test
    void restartPolicyRestartsAreReportedAsStartsWithTheirCount() {
        String id = newId();
        controlPlane.send(host, run(id, spec(List.of("sh", "-c", "exit 1"), "on-failure:2", false, null)));

        ContainerExited last = controlPlane.await(host, ContainerExited.class,
                e -> e.containerId().equals(id) && e.restartCount() == 2);
        assertThat(last.exitCode()).isEqualTo(1);
        ControlPlaneDouble.sleep(1000); // no third restart
        long starts = controlPlane.from(host).stream()
                .filter(r -> r.report() instanceof ContainerStarted s && s.containerId().equals(id)).count();
        long exits = controlPlane.from(host).stream()
                .filter(r -> r.report() instanceof ContainerExited e && e.containerId().equals(id)).count();
        assertThat(starts).isEqualTo(3);
        assertThat(exits).isEqualTo(3);
    }

    @Test
    void reconcileCreatesWhatIsMissingRemovesWhatIsUnknownAndStartsWhatShouldRun() {
        String unknown = newId();
        controlPlane.awaitAnswer(controlPlane.send(host, run(unknown, "sleep", "300")), ContainerStarted.class);
        String stopped = newId();
        controlPlane.awaitAnswer(controlPlane.send(host, run(stopped, "sleep", "300")), ContainerStarted.class);
        controlPlane.awaitAnswer(controlPlane.send(host, new KillContainer(stopped, "KILL")), ContainerExited.class);
        String missing = newId();

        UUID command = controlPlane.send(host, new Reconcile(List.of(
                new DesiredContainer(run(missing, "sleep", "300"), true),
                new DesiredContainer(run(stopped, "sleep", "300"), true))));

        controlPlane.await(host, ContainerDrift.class, d -> d.containerId().equals(unknown));
        List<ContainerDrift> drift = controlPlane.answering(command).stream().map(ControlPlaneDouble.Received::report)
                .filter(ContainerDrift.class::isInstance).map(ContainerDrift.class::cast).toList();
        assertThat(drift).containsExactlyInAnyOrder(new ContainerDrift(missing, "missing", "recreated"),
                new ContainerDrift(stopped, "exited", "started"), new ContainerDrift(unknown, "running", "removed"));
        assertThat(agent.engine().runtime().list()).extracting(ContainerStatus::id, ContainerStatus::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(missing, ContainerState.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(stopped, ContainerState.RUNNING));
    }

    @Test
    void heartbeatsTellNameLabelsCapacityVersionsAndCounts() {
        Heartbeat beat = controlPlane.await(host, Heartbeat.class, h -> true);
        assertThat(beat.name()).isNotBlank();
        assertThat(beat.labels()).containsEntry("region", "test");
        assertThat(beat.capacity().cpus()).isPositive();
        assertThat(beat.capacity().memoryBytes()).isPositive();
        assertThat(beat.capacity().diskBytes()).isPositive();
        assertThat(beat.versions().runtime()).matches("\\d+\\.\\d+.*");
        assertThat(beat.versions().kernel()).isNotBlank();
        assertThat(beat.versions().os()).isNotBlank();
    }
}
