package io.berth.controlplane.containers;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.agent.HostAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/containers}: {@code docker run}'s options, plus where to run —
 * a {@code host}, label {@code constraints} ({@code ["region=eu"]}), or neither (spread by load).
 * The options that reach into the host ({@code privileged}, {@code capAdd}, {@code binds},
 * {@code network: "host"}, {@code pid: "host"}) need an admin: see {@link HostAccessPolicy}.
 */
@Schema(description = "docker run options and placement")
public record RunRequest(
        @Schema(required = true, examples = "busybox") String image,
        String name,
        List<String> cmd,
        List<String> entrypoint,
        @Schema(description = "KEY=value entries") List<String> env,
        String workdir,
        String user,
        String hostname,
        Map<String, String> labels,
        @Schema(description = "no, on-failure[:N], always, unless-stopped") String restartPolicy,
        @Schema(description = "memory limit in bytes; 0 = none") Long memoryBytes,
        @Schema(description = "CPU limit in CPUs (1.5); 0 = none") Double cpus,
        Long pidsLimit,
        Boolean tty,
        Boolean openStdin,
        Boolean autoRemove,
        Boolean readOnly,
        String stopSignal,
        Integer stopTimeout,
        @Schema(description = "run on this host") String host,
        @Schema(description = "host labels required, key=value") List<String> constraints,
        @Schema(description = "start after creating (default true)") Boolean start,
        @Schema(description = "every capability and host device, no seccomp (admin only)") Boolean privileged,
        @Schema(description = "capabilities added to Docker's defaults, e.g. NET_ADMIN or ALL (admin only)")
        List<String> capAdd,
        @Schema(description = "capabilities dropped from Docker's defaults, or ALL") List<String> capDrop,
        @Schema(description = "host bind mounts /host/path:/container/path[:ro] (admin only)") List<String> binds,
        @Schema(description = "host: the host's network namespace (admin only)") String network,
        @Schema(description = "Docker's name for network") String networkMode,
        @Schema(description = "host: the host's pid namespace (admin only)") String pid) {

    private static final Pattern RESTART = Pattern.compile("^(no|always|unless-stopped|on-failure(:[0-9]{1,4})?)$");
    private static final Pattern ENV = Pattern.compile("^[^=\\x00]+(=[^\\x00]*)?$");

    /** The run spec, or {@link InvalidCommand} naming the first bad option. */
    public ContainerRunSpec spec() {
        if (image == null || image.isBlank()) {
            throw new InvalidCommand("image is required");
        }
        long memory = memoryBytes == null ? 0 : memoryBytes;
        if (memory < 0) {
            throw new InvalidCommand("memoryBytes must not be negative, got " + memory);
        }
        double cpuCount = cpus == null ? 0 : cpus;
        if (cpuCount < 0 || Double.isNaN(cpuCount) || cpuCount > 4096) {
            throw new InvalidCommand("cpus must be between 0 and 4096, got " + cpus);
        }
        long pids = pidsLimit == null ? 0 : pidsLimit;
        if (pids < 0) {
            throw new InvalidCommand("pidsLimit must not be negative, got " + pids);
        }
        if (stopTimeout != null && stopTimeout < 0) {
            throw new InvalidCommand("stopTimeout must not be negative, got " + stopTimeout);
        }
        if (restartPolicy != null && !restartPolicy.isBlank() && !RESTART.matcher(restartPolicy).matches()) {
            throw new InvalidCommand("restartPolicy must be no, always, unless-stopped or on-failure[:N], got '"
                    + restartPolicy + "'");
        }
        if (env != null) {
            for (String e : env) {
                if (e == null || !ENV.matcher(e).matches()) {
                    throw new InvalidCommand("env entries must be KEY=value, got '" + e + "'");
                }
            }
        }
        return new ContainerRunSpec(entrypoint, cmd, env, workdir, user, hostname, Boolean.TRUE.equals(tty),
                Boolean.TRUE.equals(openStdin), labels, restartPolicy, memory, Math.round(cpuCount * 1e9), pids,
                Boolean.TRUE.equals(readOnly), Boolean.TRUE.equals(autoRemove), stopSignal, stopTimeout,
                hostAccess());
    }

    /** privileged, capabilities, binds and namespace modes, validated; {@link InvalidCommand} naming the bad one. */
    HostAccess hostAccess() {
        try {
            List<String> adds = capAdd == null ? List.of() : capAdd.stream().map(HostAccess::capability).toList();
            List<String> drops = capDrop == null ? List.of() : capDrop.stream().map(HostAccess::capability).toList();
            List<HostAccess.BindMount> mounts = binds == null ? List.of()
                    : binds.stream().map(HostAccess.BindMount::parse).toList();
            return new HostAccess(Boolean.TRUE.equals(privileged), adds, drops, mounts, namespaceMode("network",
                    effectiveNetworkMode()), namespaceMode("pid", pid));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommand(e.getMessage());
        }
    }

    private String effectiveNetworkMode() {
        if (network != null && networkMode != null && !network.equals(networkMode)) {
            throw new InvalidCommand("network and networkMode name the same option; they disagree: '" + network
                    + "' and '" + networkMode + "'");
        }
        return network != null ? network : networkMode;
    }

    /** Left out (the container's own namespace) or {@code host}; Docker's other modes do not exist here. */
    private static String namespaceMode(String option, String mode) {
        if (mode == null || mode.isBlank()) {
            return null;
        }
        if (!HostAccess.HOST.equals(mode)) {
            throw new InvalidCommand(option + " must be host or left out, got '" + mode + "'");
        }
        return mode;
    }

    /** {@code ["region=eu"]} as a map, or {@link InvalidCommand}. */
    public Map<String, String> constraintMap() {
        var map = new LinkedHashMap<String, String>();
        if (constraints != null) {
            for (String c : constraints) {
                int eq = c == null ? -1 : c.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidCommand("constraints must be label=value, got '" + c + "'");
                }
                map.put(c.substring(0, eq), c.substring(eq + 1));
            }
        }
        return map;
    }

    public boolean startAfterCreate() {
        return start == null || start;
    }
}
