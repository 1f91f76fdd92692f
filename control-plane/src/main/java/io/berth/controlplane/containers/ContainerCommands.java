package io.berth.controlplane.containers;

import io.berth.protocol.agent.ContainerRunSpec;
import java.util.List;

/** What a user may ask of a container. {@link Container#decide} turns each into events or a refusal. */
public final class ContainerCommands {

    private ContainerCommands() {
    }

    /** Create on {@code hostId} (placement already chose it) and, if {@code start}, start. */
    public record RunContainer(String containerId, String name, String image, String imageId, ContainerRunSpec spec,
            String hostId, String placementReason, boolean start) {
    }

    public record StartContainer() {
    }

    public record StopContainer(Integer timeoutSeconds) {
    }

    public record KillContainer(String signal) {
    }

    public record RestartContainer(Integer timeoutSeconds) {
    }

    public record RemoveContainer(boolean force) {
    }

    public record CommitContainer(String reference, String author, String comment, List<String> changes) {
    }

    public record StartExec(String execId, List<String> args, String user, boolean tty, boolean interactive) {
    }

    public record EndExec(String execId, Integer exitCode) {
    }
}
