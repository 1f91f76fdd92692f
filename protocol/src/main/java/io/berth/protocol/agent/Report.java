package io.berth.protocol.agent;

/**
 * What a host's agent says actually happened, on topic {@code berth.agent.reports} keyed by
 * host id. Each travels in a {@link ReportEnvelope} with its own report id (the control
 * plane appends it at most once) and the command id it answers, if any.
 */
public sealed interface Report permits HostReports.Heartbeat, ContainerReports.ContainerCreated,
        ContainerReports.ContainerStarted, ContainerReports.ContainerExited, ContainerReports.ContainerRemoved,
        ContainerReports.ContainerCommitted, ContainerReports.ContainerDrift, ImageReports.ImageStored,
        ImageReports.ImageTagged, ImageReports.ImageRemoved, HostReports.InstructionFailed,
        ProgressReports.TaskProgress {
}
