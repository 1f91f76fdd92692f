package io.berth.controlplane.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.containers.ContainerCommands.*;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.containers.ContainerEvents.*;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** given(events).when(command).then(events or refusal), no I/O. */
class ContainerTest {

    private static final String ID = "c".repeat(64);
    private static final ContainerCreated CREATED = new ContainerCreated(ID, "web", "busybox", "sha256:i",
            ContainerRunSpec.command(List.of("sleep", "60")));
    private static final ContainerScheduled SCHEDULED = new ContainerScheduled(ID, "h2", "named host", true);
    private static final ContainerStarted STARTED = new ContainerStarted(ID, "h2", 42, "10.0.0.2", Instant.EPOCH);

    private static List<Object> given(List<Object> history, Object command) {
        return Container.replay(ID, history).decide(command);
    }

    @Test
    void runCreatesSchedulesAndRequestsStart() {
        var events = given(List.of(), new RunContainer(ID, "web", "busybox", "sha256:i", CREATED.spec(), "h2",
                "named host", true));
        assertThat(events).containsExactly(CREATED, SCHEDULED, new ContainerStartRequested(ID, "h2", true));
    }

    @Test
    void runWithoutStartOnlyCreatesAndSchedules() {
        var events = given(List.of(), new RunContainer(ID, "web", "busybox", "sha256:i", CREATED.spec(), "h2",
                "named host", false));
        assertThat(events).hasSize(2);
    }

    @Test
    void runOfAnExistingContainerIsRefused() {
        assertThatThrownBy(() -> given(List.of(CREATED, SCHEDULED), new RunContainer(ID, "web", "busybox", null,
                CREATED.spec(), "h2", "", true))).isInstanceOf(CommandRefused.class);
    }

    @Test
    void startOfARunningContainerDecidesNothing() {
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED), new StartContainer())).isEmpty();
    }

    @Test
    void startOfAnExitedContainerRequestsStartOnItsHost() {
        var exited = new ContainerExited(ID, "h2", 0, false, 0, Instant.EPOCH);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED, exited), new StartContainer()))
                .containsExactly(new ContainerStartRequested(ID, "h2", false));
    }

    @Test
    void startOfARemovedContainerIsRefused() {
        var history = List.<Object>of(CREATED, SCHEDULED, new ContainerRemoveRequested(ID, "h2", true),
                new ContainerRemoved(ID, "h2"));
        assertThatThrownBy(() -> given(history, new StartContainer())).isInstanceOf(CommandRefused.class)
                .hasMessageContaining("web was removed");
    }

    @Test
    void commandsOnAnUnknownContainerAreNotFound() {
        assertThatThrownBy(() -> given(List.of(), new StopContainer(null))).isInstanceOf(NotFound.class);
    }

    @Test
    void stopOfARunningContainerIsRequestedAndOfAnExitedOneDecidesNothing() {
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED), new StopContainer(3)))
                .containsExactly(new ContainerStopRequested(ID, "h2", 3));
        var stopped = new ContainerStopped(ID, "h2", 143, false, Instant.EPOCH);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED, stopped), new StopContainer(3))).isEmpty();
    }

    @Test
    void negativeTimeoutsAndBadSignalsAreInvalid() {
        assertThatThrownBy(() -> given(List.of(CREATED, SCHEDULED, STARTED), new StopContainer(-1)))
                .isInstanceOf(InvalidCommand.class);
        assertThatThrownBy(() -> given(List.of(CREATED, SCHEDULED, STARTED), new KillContainer("rm -rf")))
                .isInstanceOf(InvalidCommand.class);
    }

    @Test
    void killDefaultsToSigkillAndNeedsARunningContainer() {
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED), new KillContainer(null)))
                .containsExactly(new ContainerKillRequested(ID, "h2", "KILL"));
        assertThatThrownBy(() -> given(List.of(CREATED, SCHEDULED), new KillContainer("TERM")))
                .isInstanceOf(CommandRefused.class);
    }

    @Test
    void removeOfARunningContainerNeedsForceAndIsRequestedOnce() {
        assertThatThrownBy(() -> given(List.of(CREATED, SCHEDULED, STARTED), new RemoveContainer(false)))
                .isInstanceOf(CommandRefused.class).hasMessageContaining("force");
        var requested = new ContainerRemoveRequested(ID, "h2", true);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED), new RemoveContainer(true))).containsExactly(requested);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED, requested), new RemoveContainer(true))).isEmpty();
    }

    @Test
    void stateFollowsTheHostsReports() {
        var c = Container.replay(ID, List.of(CREATED, SCHEDULED, new ContainerStartRequested(ID, "h2", true)));
        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.desiredRunning()).isTrue();
        c.apply(STARTED);
        assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        c.apply(new ContainerExited(ID, "h2", 137, true, 0, Instant.EPOCH));
        assertThat(c.state()).isEqualTo(ContainerState.EXITED);
        assertThat(c.desiredRunning()).isFalse();
        assertThat(c.version()).isEqualTo(5);
    }

    @Test
    void execNeedsARunningContainerAndEndsOnce() {
        var started = new ContainerExecStarted(ID, "h2", "e1", List.of("ls"), null, false, false);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED), new StartExec("e1", List.of("ls"), null, false,
                false))).containsExactly(started);
        assertThatThrownBy(() -> given(List.of(CREATED, SCHEDULED), new StartExec("e1", List.of("ls"), null, false,
                false))).isInstanceOf(CommandRefused.class);
        var ended = new ContainerExecEnded(ID, "h2", "e1", 0);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED, started), new EndExec("e1", 0))).containsExactly(ended);
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED, started, ended), new EndExec("e1", 0))).isEmpty();
    }

    @Test
    void commitRecordsTheRequestOnTheContainersHost() {
        assertThat(given(List.of(CREATED, SCHEDULED, STARTED), new CommitContainer("me/app:1", "ann", "msg",
                List.of("CMD [\"sh\"]")))).containsExactly(new ContainerCommitRequested(ID, "h2", "me/app:1", "ann",
                        "msg", List.of("CMD [\"sh\"]")));
    }

    @Test
    void namesAndIdsFollowDockersRules() {
        assertThat(ContainerIds.newId()).matches(ContainerIds.ID);
        assertThat(ContainerIds.requireName("/web-1")).isEqualTo("web-1");
        assertThatThrownBy(() -> ContainerIds.requireName("-bad")).isInstanceOf(InvalidCommand.class);
        assertThatThrownBy(() -> ContainerIds.requireName("has space")).isInstanceOf(InvalidCommand.class);
    }
}
