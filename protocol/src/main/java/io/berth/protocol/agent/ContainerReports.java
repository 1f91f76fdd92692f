package io.berth.protocol.agent;

import java.time.Instant;

/** Reports about containers. */
public final class ContainerReports {

    private ContainerReports() {
    }

    @MessageType(name = "container.created")
    public record ContainerCreated(String containerId, String imageId) implements Report {
    }

    /** @param ipAddress the container's address on its network, or null without one */
    @MessageType(name = "container.started")
    public record ContainerStarted(String containerId, int pid, String ipAddress, Instant startedAt)
            implements Report {
    }

    /**
     * The container's process ended.
     *
     * @param stoppedByUser ended by a stop or kill instruction (the restart policy leaves it exited)
     * @param restartCount  how often the restart policy has restarted it so far
     */
    @MessageType(name = "container.exited")
    public record ContainerExited(String containerId, int exitCode, boolean oomKilled, boolean stoppedByUser,
            int restartCount, Instant finishedAt) implements Report {
    }

    @MessageType(name = "container.removed")
    public record ContainerRemoved(String containerId) implements Report {
    }

    /** A commit made image {@code imageId} on top of {@code parentImageId}. */
    @MessageType(name = "container.committed")
    public record ContainerCommitted(String containerId, String imageId, String manifestDigest, String reference,
            String parentImageId, String diffId, String author, String comment) implements Report {
    }

    /**
     * Reconciliation found the host different from the log and fixed it.
     *
     * @param observed what was there ({@code missing}, {@code running}, {@code exited}, {@code unknown})
     * @param action   what the agent did ({@code recreated}, {@code started}, {@code stopped}, {@code removed})
     */
    @MessageType(name = "container.drift")
    public record ContainerDrift(String containerId, String observed, String action) implements Report {
    }
}
