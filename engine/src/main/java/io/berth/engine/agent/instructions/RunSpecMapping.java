package io.berth.engine.agent.instructions;

import io.berth.engine.runtime.BindMount;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.Privileges;
import io.berth.engine.runtime.ResourceLimits;
import io.berth.engine.runtime.RestartPolicy;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.agent.HostAccess;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A {@link RunContainer} as the engine's {@link ContainerSpec}: the control plane's container
 * id is the engine's (runc's and conmon's) container id; {@code docker run}'s options map
 * one to one. Anything the engine cannot do, or that is contradictory, is refused here with
 * a reason, before the host is touched.
 */
public final class RunSpecMapping {

    /** Docker's rule for container names. */
    private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private RunSpecMapping() {
    }

    public static ContainerSpec.Builder toSpec(RunContainer run) {
        if (run.containerId() == null || run.containerId().isBlank()) {
            throw new InstructionRefused("the run has no container id");
        }
        if (run.image() == null || run.image().isBlank()) {
            throw new InstructionRefused("the run of " + run.containerId() + " names no image");
        }
        if (run.name() != null && !NAME.matcher(run.name()).matches()) {
            throw new InstructionRefused("invalid container name '" + run.name()
                    + "': only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        ContainerRunSpec spec = run.spec() != null ? run.spec() : ContainerRunSpec.command(null);
        try {
            RestartPolicy policy = RestartPolicy.parse(spec.restartPolicy());
            if (spec.autoRemove() && policy.mode() != RestartPolicy.Mode.NO) {
                throw new InstructionRefused("conflicting options: auto-remove and the restart policy '" + policy
                        + "' cannot go together");
            }
            ContainerSpec.Builder builder = ContainerSpec.builder(run.containerId())
                    .env(spec.env().toArray(String[]::new))
                    .workingDir(spec.workingDir())
                    .user(spec.user())
                    .hostname(spec.hostname())
                    .tty(spec.tty())
                    .readOnlyRootfs(spec.readOnlyRootfs())
                    .labels(spec.labels())
                    .restartPolicy(policy)
                    .stopSignal(spec.stopSignal())
                    .limits(new ResourceLimits(spec.memoryBytes(), 0, 0, 0, spec.nanoCpus(), 0, spec.pidsLimit()))
                    .privileges(privileges(spec.hostAccess()));
            if (spec.entrypoint() != null) {
                builder.entrypoint(spec.entrypoint().toArray(String[]::new));
            }
            if (spec.cmd() != null) {
                builder.cmd(spec.cmd());
            }
            if (spec.stopTimeoutSeconds() != null) {
                if (spec.stopTimeoutSeconds() < 0) {
                    throw new InstructionRefused("stop timeout must not be negative, got " + spec.stopTimeoutSeconds());
                }
                builder.stopTimeout(Duration.ofSeconds(spec.stopTimeoutSeconds()));
            }
            // Build once now so that a bad value is refused before any layer is unpacked.
            builder.build();
            return builder;
        } catch (IllegalArgumentException e) {
            throw new InstructionRefused(e.getMessage());
        }
    }

    /** The run's host access as the runtime's privileges; a namespace mode other than {@code host} is refused. */
    static Privileges privileges(HostAccess access) {
        if (access.networkMode() != null && !access.hostNetwork()) {
            throw new InstructionRefused("network mode '" + access.networkMode() + "' is not supported: only host");
        }
        if (access.pidMode() != null && !access.hostPid()) {
            throw new InstructionRefused("pid mode '" + access.pidMode() + "' is not supported: only host");
        }
        var binds = access.binds().stream().map(b -> new BindMount(b.source(), b.target(), b.readOnly())).toList();
        return new Privileges(access.privileged(), access.capAdd(), access.capDrop(), binds, access.hostNetwork(),
                access.hostPid());
    }

    /** How long a stop waits before SIGKILL: the instruction's, else the container's, else 10 s. */
    public static Duration stopTimeout(Integer instructionSeconds, RunContainer definition) {
        if (instructionSeconds != null && instructionSeconds >= 0) {
            return Duration.ofSeconds(instructionSeconds);
        }
        if (definition != null && definition.spec() != null && definition.spec().stopTimeoutSeconds() != null) {
            return Duration.ofSeconds(Math.max(0, definition.spec().stopTimeoutSeconds()));
        }
        return ContainerSpec.DEFAULT_STOP_TIMEOUT;
    }
}
