package io.berth.protocol.agent;

import java.util.List;

/** Instructions about the host as a whole. */
public final class HostInstructions {

    private HostInstructions() {
    }

    /**
     * Converge: the containers the log says exist on this host. The agent compares them with
     * what runc and conmon actually run, creates what is missing from its definition, removes
     * what the log does not know, starts or stops to match, and reports each fix as drift.
     */
    @MessageType(name = "host.reconcile")
    public record Reconcile(List<DesiredContainer> containers) implements Instruction {
        public Reconcile {
            containers = containers == null ? List.of() : List.copyOf(containers);
        }
    }

    /** One container as the log has it: how it was defined, and whether it should be running. */
    public record DesiredContainer(ContainerInstructions.RunContainer definition, boolean running) {
    }
}
