package io.berth.controlplane.containers;

import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.containers.ContainerEvents.*;
import java.time.Instant;
import java.util.Map;

/**
 * A container as list and inspect show it. {@link #apply} folds one event; the same fold serves
 * the {@code container_view} projection and inspect (which folds the stream itself, so it is
 * never behind the log).
 *
 * @param state       created, running, exited, removing or removed
 * @param desired     what the log asks of the host: running or stopped
 * @param lastError   the host's last refusal or failure for this container
 */
public record ContainerView(String id, String name, String image, String imageId, String hostId,
        String placementReason, String state, String desired, Integer pid, String ipAddress, Integer exitCode,
        boolean oomKilled, int restartCount, Map<String, String> labels, ContainerRunSpec spec, Instant createdAt,
        Instant startedAt, Instant finishedAt, String lastError, long version, long position) {

    static ContainerView apply(ContainerView v, Object event, StoredEvent stored) {
        if (event instanceof ContainerCreated e) {
            return new ContainerView(e.containerId(), e.name(), e.image(), e.imageId(), null, null, "created",
                    "stopped", null, null, null, false, 0, e.spec().labels(), e.spec(), stored.recordedAt(), null,
                    null, null, stored.streamVersion(), stored.position());
        }
        if (v == null) {
            return null;
        }
        ContainerView n = v;
        if (event instanceof ContainerScheduled e) {
            n = n.with(e.hostId(), e.reason(), n.state, n.desired);
        } else if (event instanceof ContainerStartRequested || event instanceof ContainerRestartRequested) {
            n = n.with(n.hostId, n.placementReason, n.state, "running");
        } else if (event instanceof ContainerStopRequested || event instanceof ContainerKillRequested) {
            n = n.with(n.hostId, n.placementReason, n.state, "stopped");
        } else if (event instanceof ContainerRemoveRequested) {
            n = n.with(n.hostId, n.placementReason, "removing", "removed");
        } else if (event instanceof ContainerRemoved) {
            n = n.with(n.hostId, n.placementReason, "removed", "removed");
        } else if (event instanceof ContainerPrepared e) {
            n = new ContainerView(n.id, n.name, n.image, e.imageId(), n.hostId, n.placementReason, n.state,
                    n.desired, n.pid, n.ipAddress, n.exitCode, n.oomKilled, n.restartCount, n.labels, n.spec,
                    n.createdAt, n.startedAt, n.finishedAt, n.lastError, 0, 0);
        } else if (event instanceof ContainerStarted e) {
            n = new ContainerView(n.id, n.name, n.image, n.imageId, n.hostId, n.placementReason,
                    "removing".equals(n.state) || "removed".equals(n.state) ? n.state : "running", n.desired, e.pid(),
                    e.ipAddress(), null, false, n.restartCount, n.labels, n.spec, n.createdAt,
                    e.startedAt() == null ? stored.recordedAt() : e.startedAt(), null, n.lastError, 0, 0);
        } else if (event instanceof ContainerExited e) {
            n = n.exited(e.exitCode(), e.oomKilled(), e.restartCount(), e.finishedAt(), stored, "stopped");
        } else if (event instanceof ContainerStopped e) {
            n = n.exited(e.exitCode(), e.oomKilled(), n.restartCount, e.finishedAt(), stored, "stopped");
        } else if (event instanceof ContainerInstructionFailed e) {
            n = new ContainerView(n.id, n.name, n.image, n.imageId, n.hostId, n.placementReason, n.state, n.desired,
                    n.pid, n.ipAddress, n.exitCode, n.oomKilled, n.restartCount, n.labels, n.spec, n.createdAt,
                    n.startedAt, n.finishedAt, e.instructionType() + ": " + e.reason(), 0, 0);
        }
        return n.at(stored);
    }

    private ContainerView with(String host, String reason, String newState, String newDesired) {
        return new ContainerView(id, name, image, imageId, host, reason, newState, newDesired, pid, ipAddress,
                exitCode, oomKilled, restartCount, labels, spec, createdAt, startedAt, finishedAt, lastError, version,
                position);
    }

    private ContainerView exited(int code, boolean oom, int restarts, Instant at, StoredEvent stored,
            String newDesired) {
        return new ContainerView(id, name, image, imageId, hostId, placementReason,
                "removing".equals(state) || "removed".equals(state) ? state : "exited", newDesired, null, ipAddress,
                code, oom, restarts, labels, spec, createdAt, startedAt, at == null ? stored.recordedAt() : at,
                lastError, version, position);
    }

    private ContainerView at(StoredEvent stored) {
        return new ContainerView(id, name, image, imageId, hostId, placementReason, state, desired, pid, ipAddress,
                exitCode, oomKilled, restartCount, labels, spec, createdAt, startedAt, finishedAt, lastError,
                stored.streamVersion(), stored.position());
    }
}
