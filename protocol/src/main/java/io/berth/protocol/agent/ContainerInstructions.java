package io.berth.protocol.agent;

import java.util.List;

/**
 * Instructions about containers. A container is known to the host by the control plane's
 * {@code containerId} (64 hex characters, as Docker's ids); {@code name} is the unique
 * human name.
 */
public final class ContainerInstructions {

    private ContainerInstructions() {
    }

    /** Create the container from {@code image} (a name or id already on the host) and, if {@code start}, start it. */
    @MessageType(name = "container.run")
    public record RunContainer(String containerId, String name, String image, ContainerRunSpec spec, boolean start)
            implements Instruction {
    }

    @MessageType(name = "container.start")
    public record StartContainer(String containerId) implements Instruction {
    }

    /** The stop signal, then SIGKILL after {@code timeoutSeconds} (null: the container's own timeout). */
    @MessageType(name = "container.stop")
    public record StopContainer(String containerId, Integer timeoutSeconds) implements Instruction {
    }

    /** {@code signal}: a name ({@code KILL}, {@code SIGHUP}) or a number. */
    @MessageType(name = "container.kill")
    public record KillContainer(String containerId, String signal) implements Instruction {
    }

    @MessageType(name = "container.restart")
    public record RestartContainer(String containerId, Integer timeoutSeconds) implements Instruction {
    }

    /** Remove the container and its writable layer; {@code force} kills a running one first. */
    @MessageType(name = "container.remove")
    public record RemoveContainer(String containerId, boolean force) implements Instruction {
    }

    /**
     * {@code docker commit}: the container's changes become a new image.
     *
     * @param reference {@code repository:tag} for the new image, or null for an untagged one
     * @param changes   Dockerfile instructions applied to the config ({@code CMD ["sh"]}, {@code ENV A=b})
     */
    @MessageType(name = "container.commit")
    public record CommitContainer(String containerId, String reference, String author, String comment,
            List<String> changes) implements Instruction {
        public CommitContainer {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }
}
