package io.berth.protocol.agent;

import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import java.time.Duration;
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

        /**
         * How often an agent heartbeats unless configured otherwise, and what the control plane
         * expects unless configured otherwise: it judges silence and gaps in multiples of the
         * interval, so the two sides must agree (an agent beating slower than expected looked
         * like a broken report pipe at every beat, and no host was ever marked lost).
         */
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

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
