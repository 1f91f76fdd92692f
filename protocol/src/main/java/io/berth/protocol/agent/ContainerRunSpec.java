package io.berth.protocol.agent;

import java.util.List;
import java.util.Map;

/**
 * The {@code docker run} options a host needs to create a container. Null means "the image's
 * value" (entrypoint, cmd, workingDir, user) or "none" (limits: 0 = unlimited).
 *
 * @param restartPolicy {@code no}, {@code on-failure[:N]}, {@code always} or {@code unless-stopped}
 * @param nanoCpus      CPU limit in billionths of a CPU ({@code --cpus 1.5} = 1_500_000_000)
 * @param hostAccess    privileges, capabilities, bind mounts, host namespaces; {@link HostAccess#NONE} by default
 *                      (and for events recorded before it existed)
 */
public record ContainerRunSpec(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
        String user, String hostname, boolean tty, boolean openStdin, Map<String, String> labels,
        String restartPolicy, long memoryBytes, long nanoCpus, long pidsLimit, boolean readOnlyRootfs,
        boolean autoRemove, String stopSignal, Integer stopTimeoutSeconds, HostAccess hostAccess) {

    public ContainerRunSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        restartPolicy = restartPolicy == null || restartPolicy.isBlank() ? "no" : restartPolicy;
        hostAccess = hostAccess == null ? HostAccess.NONE : hostAccess;
        if (memoryBytes < 0 || nanoCpus < 0 || pidsLimit < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** A spec with Docker's isolation: no {@link HostAccess}. */
    public ContainerRunSpec(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
            String user, String hostname, boolean tty, boolean openStdin, Map<String, String> labels,
            String restartPolicy, long memoryBytes, long nanoCpus, long pidsLimit, boolean readOnlyRootfs,
            boolean autoRemove, String stopSignal, Integer stopTimeoutSeconds) {
        this(entrypoint, cmd, env, workingDir, user, hostname, tty, openStdin, labels, restartPolicy, memoryBytes,
                nanoCpus, pidsLimit, readOnlyRootfs, autoRemove, stopSignal, stopTimeoutSeconds, HostAccess.NONE);
    }

    /** The same spec with {@code access} to the host. */
    public ContainerRunSpec withHostAccess(HostAccess access) {
        return new ContainerRunSpec(entrypoint, cmd, env, workingDir, user, hostname, tty, openStdin, labels,
                restartPolicy, memoryBytes, nanoCpus, pidsLimit, readOnlyRootfs, autoRemove, stopSignal,
                stopTimeoutSeconds, access);
    }

    /** Just a command, everything else the image's or the default. */
    public static ContainerRunSpec command(List<String> cmd) {
        return new ContainerRunSpec(null, cmd, List.of(), null, null, null, false, false, Map.of(), "no", 0, 0, 0,
                false, false, null, null);
    }
}
