package io.berth.protocol.containers;

import io.berth.protocol.EventType;
import io.berth.protocol.agent.ContainerRunSpec;
import java.time.Instant;
import java.util.List;

/**
 * The events of a container's stream, as stored in the log. Every event names its container and
 * (once scheduled) its host, so a reader of one event needs nothing else to act on it.
 */
public final class ContainerEvents {

    private ContainerEvents() {
    }

    /**
     * A run was accepted: the container's definition. {@code image} is the reference the user gave;
     * {@code dangerousOptions} the spec's {@link io.berth.protocol.agent.HostAccess#dangerousOptions()},
     * recorded so an audit reads them without decoding the spec (the actor is in the metadata).
     */
    @EventType(name = "container.created")
    public record ContainerCreated(String containerId, String name, String image, String imageId,
            ContainerRunSpec spec, List<String> dangerousOptions) {
        public ContainerCreated {
            dangerousOptions = dangerousOptions == null ? List.of() : List.copyOf(dangerousOptions);
        }

        public ContainerCreated(String containerId, String name, String image, String imageId,
                ContainerRunSpec spec) {
            this(containerId, name, image, imageId, spec, spec == null ? List.of() : spec.hostAccess()
                    .dangerousOptions());
        }
    }

    /**
     * A run asking for {@code dangerousOptions} was refused because its actor (in the metadata) is
     * not an admin. Stream {@code user-<actor>}: nothing was created.
     */
    @EventType(name = "container.run-denied")
    public record ContainerRunDenied(String name, String image, List<String> dangerousOptions, String reason) {
        public ContainerRunDenied {
            dangerousOptions = dangerousOptions == null ? List.of() : List.copyOf(dangerousOptions);
        }
    }

    /** Placement chose {@code hostId}; {@code start} when the run also starts it. */
    @EventType(name = "container.scheduled")
    public record ContainerScheduled(String containerId, String hostId, String reason, boolean start) {
    }

    /** {@code withRun}: part of the run, carried by the run instruction (no separate start instruction). */
    @EventType(name = "container.start-requested")
    public record ContainerStartRequested(String containerId, String hostId, boolean withRun) {
    }

    /** The host created the container from image {@code imageId}. */
    @EventType(name = "container.prepared")
    public record ContainerPrepared(String containerId, String hostId, String imageId) {
    }

    @EventType(name = "container.started")
    public record ContainerStarted(String containerId, String hostId, int pid, String ipAddress,
            Instant startedAt) {
    }

    /** The process ended on its own (or was OOM-killed); the restart policy may start it again. */
    @EventType(name = "container.exited")
    public record ContainerExited(String containerId, String hostId, int exitCode, boolean oomKilled,
            int restartCount, Instant finishedAt) {
    }

    /** The process ended because of a stop or kill instruction. */
    @EventType(name = "container.stopped")
    public record ContainerStopped(String containerId, String hostId, int exitCode, boolean oomKilled,
            Instant finishedAt) {
    }

    @EventType(name = "container.stop-requested")
    public record ContainerStopRequested(String containerId, String hostId, Integer timeoutSeconds) {
    }

    @EventType(name = "container.kill-requested")
    public record ContainerKillRequested(String containerId, String hostId, String signal) {
    }

    @EventType(name = "container.restart-requested")
    public record ContainerRestartRequested(String containerId, String hostId, Integer timeoutSeconds) {
    }

    @EventType(name = "container.remove-requested")
    public record ContainerRemoveRequested(String containerId, String hostId, boolean force) {
    }

    @EventType(name = "container.removed")
    public record ContainerRemoved(String containerId, String hostId) {
    }

    @EventType(name = "container.commit-requested")
    public record ContainerCommitRequested(String containerId, String hostId, String reference, String author,
            String comment, List<String> changes) {
        public ContainerCommitRequested {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    @EventType(name = "container.committed")
    public record ContainerCommitted(String containerId, String hostId, String imageId, String reference,
            String parentImageId, String author, String comment) {
    }

    /** An exec session began: who ran what is in the event's metadata and here. */
    @EventType(name = "container.exec-started")
    public record ContainerExecStarted(String containerId, String hostId, String execId, List<String> args,
            String user, boolean tty, boolean interactive) {
        public ContainerExecStarted {
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** {@code exitCode} null when the session ended without the process's exit code (cancelled, lost). */
    @EventType(name = "container.exec-ended")
    public record ContainerExecEnded(String containerId, String hostId, String execId, Integer exitCode) {
    }

    /** Reconciliation found the host different from the log and fixed it. */
    @EventType(name = "container.drifted")
    public record ContainerDrifted(String containerId, String hostId, String observed, String action) {
    }

    /** The host could not apply an instruction for this container. */
    @EventType(name = "container.instruction-failed")
    public record ContainerInstructionFailed(String containerId, String hostId, String instructionType,
            String reason, boolean refused) {
    }

    /** Stream {@code container-name.<name>}: the name now belongs to {@code containerId}. */
    @EventType(name = "container.name-claimed")
    public record ContainerNameClaimed(String name, String containerId) {
    }

    /** The container was removed (or never created): the name is free again. */
    @EventType(name = "container.name-released")
    public record ContainerNameReleased(String name, String containerId) {
    }

    /** Every container event type, for registries. */
    public static final List<Class<? extends Record>> TYPES = List.of(ContainerCreated.class,
            ContainerScheduled.class, ContainerStartRequested.class, ContainerPrepared.class, ContainerStarted.class,
            ContainerExited.class, ContainerStopped.class, ContainerStopRequested.class, ContainerKillRequested.class,
            ContainerRestartRequested.class, ContainerRemoveRequested.class, ContainerRemoved.class,
            ContainerCommitRequested.class, ContainerCommitted.class, ContainerExecStarted.class,
            ContainerExecEnded.class, ContainerDrifted.class, ContainerInstructionFailed.class,
            ContainerNameClaimed.class, ContainerNameReleased.class, ContainerRunDenied.class);
}
