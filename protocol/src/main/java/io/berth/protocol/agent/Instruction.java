package io.berth.protocol.agent;

/**
 * What the control plane tells one host's agent to do, on topic {@code berth.agent.commands}
 * keyed by host id. Each travels in an {@link InstructionEnvelope} with a command id; the
 * agent applies an instruction at most once per command id, so a redelivery changes nothing.
 */
public sealed interface Instruction permits ContainerInstructions.RunContainer, ContainerInstructions.StartContainer,
        ContainerInstructions.StopContainer, ContainerInstructions.KillContainer,
        ContainerInstructions.RestartContainer, ContainerInstructions.RemoveContainer,
        ContainerInstructions.CommitContainer, ImageInstructions.ImportImage, ImageInstructions.TagImage,
        ImageInstructions.RemoveImage, HostInstructions.Reconcile {
}
