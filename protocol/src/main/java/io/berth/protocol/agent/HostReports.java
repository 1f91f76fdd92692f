package io.berth.protocol.agent;

import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import java.util.Map;

/** Reports about the host itself. */
public final class HostReports {

    private HostReports() {
    }

    /**
     * Sent at start and every few seconds. Heartbeats are state, not events: the control
     * plane records a host event only for a transition (first seen or changed: registered;
     * silent too long: lost; heard again: back).
     */
    @MessageType(name = "host.heartbeat")
    public record Heartbeat(String name, Map<String, String> labels, HostCapacity capacity, HostVersions versions,
            int runningContainers, int containers) implements Report {
        public Heartbeat {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * An instruction could not be applied.
     *
     * @param refused true when the instruction itself was wrong (unknown image, bad signal):
     *                retrying will not help; false for a host failure that may pass
     */
    @MessageType(name = "instruction.failed")
    public record InstructionFailed(String instructionType, String reason, boolean refused) implements Report {
    }
}
