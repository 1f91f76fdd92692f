package io.berth.protocol.agent;

import java.util.List;
import java.util.Map;

/**
 * The {@code docker run} options a host needs to create a container. Null means "the image's
 * value" (entrypoint, cmd, workingDir, user) or "none" (limits: 0 = unlimited).
 *
 * @param restartPolicy {@code no}, {@code on-failure[:N]}, {@code always} or {@code unless-stopped}
 * @param nanoCpus      CPU limit in billionths of a CPU ({@code --cpus 1.5} = 1_500_000_000)
 */
public record ContainerRunSpec(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
        String user, String hostname, boolean tty, boolean openStdin, Map<String, String> labels,
        String restartPolicy, long memoryBytes, long nanoCpus, long pidsLimit, boolean readOnlyRootfs,
        boolean autoRemove, String stopSignal, Integer stopTimeoutSeconds) {

    public ContainerRunSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        restartPolicy = restartPolicy == null || restartPolicy.isBlank() ? "no" : restartPolicy;
        if (memoryBytes < 0 || nanoCpus < 0 || pidsLimit < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** Just a command, everything else the image's or the default. */
    public static ContainerRunSpec command(List<String> cmd) {
        return new ContainerRunSpec(null, cmd, List.of(), null, null, null, false, false, Map.of(), "no", 0, 0, 0,
                false, false, null, null);
    }
}
