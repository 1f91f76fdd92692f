package io.berth.controlplane.agents;

import io.berth.protocol.agent.ContainerInstructions;
import io.berth.protocol.agent.ImageInstructions;
import io.berth.protocol.agent.Instruction;
import io.berth.protocol.containers.ContainerEvents.*;
import io.berth.protocol.images.ImageEvents.ImageImportRequested;
import io.berth.protocol.images.ImageEvents.ImageRemoveRequested;
import io.berth.protocol.images.ImageEvents.ImageTagRequested;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which events are instructions to a host, and which: the "…requested" and "scheduled" events
 * of containers and images. Pure, except that a scheduled container's definition is read from
 * its created event through {@code definition}.
 */
public final class InstructionMapper {

    /** An instruction and the host that must apply it. */
    public record Addressed(String hostId, Instruction instruction) {
    }

    private InstructionMapper() {
    }

    public static Optional<Addressed> map(Object event, Supplier<ContainerCreated> definition) {
        return Optional.ofNullable(addressed(event, definition));
    }

    private static Addressed addressed(Object event, Supplier<ContainerCreated> definition) {
        if (event instanceof ContainerScheduled e) {
            ContainerCreated c = definition.get();
            return new Addressed(e.hostId(), new ContainerInstructions.RunContainer(e.containerId(), c.name(),
                    c.imageId() != null ? c.imageId() : c.image(), c.spec(), e.start()));
        }
        if (event instanceof ContainerStartRequested e) {
            // part of a run: the run instruction starts it
            return e.withRun() ? null
                    : new Addressed(e.hostId(), new ContainerInstructions.StartContainer(e.containerId()));
        }
        if (event instanceof ContainerStopRequested e) {
            return new Addressed(e.hostId(), new ContainerInstructions.StopContainer(e.containerId(),
                    e.timeoutSeconds()));
        }
        if (event instanceof ContainerKillRequested e) {
            return new Addressed(e.hostId(), new ContainerInstructions.KillContainer(e.containerId(), e.signal()));
        }
        if (event instanceof ContainerRestartRequested e) {
            return new Addressed(e.hostId(), new ContainerInstructions.RestartContainer(e.containerId(),
                    e.timeoutSeconds()));
        }
        if (event instanceof ContainerRemoveRequested e) {
            return new Addressed(e.hostId(), new ContainerInstructions.RemoveContainer(e.containerId(), e.force()));
        }
        if (event instanceof ContainerCommitRequested e) {
            return new Addressed(e.hostId(), new ContainerInstructions.CommitContainer(e.containerId(),
                    e.reference(), e.author(), e.comment(), e.changes()));
        }
        if (event instanceof ImageImportRequested e) {
            return new Addressed(e.hostId(), new ImageInstructions.ImportImage(e.uploadId(), e.defaultRepository()));
        }
        if (event instanceof ImageTagRequested e) {
            return new Addressed(e.hostId(), new ImageInstructions.TagImage(e.imageId(), e.reference()));
        }
        if (event instanceof ImageRemoveRequested e) {
            return new Addressed(e.hostId(), new ImageInstructions.RemoveImage(
                    e.reference() != null ? e.reference() : e.imageId(), e.force()));
        }
        return null;
    }
}
