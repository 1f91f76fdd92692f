package io.berth.protocol.agent;

import java.util.List;

/**
 * What of the host a container may reach beyond Docker's isolation defaults: {@code docker run}'s
 * {@code --privileged}, {@code --cap-add}/{@code --cap-drop}, {@code -v /host:/ctr[:ro]},
 * {@code --network host} and {@code --pid host}. All but {@code capDrop} widen what the container
 * can do to its host; {@link #dangerousOptions()} names those.
 *
 * @param capAdd      capability names, {@code CAP_} optional ({@code NET_ADMIN}), or {@code ALL}
 * @param capDrop     capability names removed from the default set, or {@code ALL}
 * @param networkMode {@code host} shares the host's network namespace; null: the container's own
 * @param pidMode     {@code host} shares the host's pid namespace; null: the container's own
 */
public record HostAccess(boolean privileged, List<String> capAdd, List<String> capDrop, List<BindMount> binds,
        String networkMode, String pidMode) {

    public static final String HOST = "host";
    public static final HostAccess NONE = new HostAccess(false, List.of(), List.of(), List.of(), null, null);

    /** Every Linux capability up to 5.9 ({@code CAP_CHECKPOINT_RESTORE} = 40), in number order. */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** A host path bind-mounted (recursively) into the container. */
    public record BindMount(String source, String target, boolean readOnly) {

        /**
         * {@code /host/path:/ctr/path}, optionally {@code :ro} or {@code :rw}: both paths absolute,
         * without {@code ..} or {@code ,}, the target not {@code /}; else {@link IllegalArgumentException}.
         */
        public static BindMount parse(String spec) {
            if (spec == null || spec.isBlank()) {
                throw new IllegalArgumentException("a bind must be /host/path:/container/path[:ro], got nothing");
            }
            String[] parts = spec.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("a bind must be /host/path:/container/path[:ro], got '" + spec
                        + "'");
            }
            boolean readOnly = false;
            if (parts.length == 3) {
                readOnly = switch (parts[2]) {
                    case "ro" -> true;
                    case "rw" -> false;
                    default -> throw new IllegalArgumentException("bind mode must be ro or rw, got '" + parts[2]
                            + "' in '" + spec + "'");
                };
            }
            requireClean("source", parts[0]);
            requireClean("target", parts[1]);
            if (parts[1].replaceAll("/+", "/").replaceAll("(/\\.)+$", "").equals("/")
                    || parts[1].matches("^[/.]+$")) {
                throw new IllegalArgumentException("bind target must not be the container's root /");
            }
            return new BindMount(parts[0], parts[1], readOnly);
        }

        private static void requireClean(String what, String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("bind " + what + " must be an absolute path, got '" + path + "'");
            }
            if (path.indexOf('\0') >= 0 || path.contains(",")) {
                throw new IllegalArgumentException("bind " + what + " must not contain NUL or ',', got '" + path
                        + "'");
            }
            for (String segment : path.split("/")) {
                if (segment.equals("..")) {
                    throw new IllegalArgumentException("bind " + what + " must not contain '..', got '" + path + "'");
                }
            }
        }

        /** {@code /host/path:/ctr/path[:ro|:rw]}, as Docker writes it. */
        @Override
        public String toString() {
            return source + ":" + target + (readOnly ? ":ro" : "");
        }
    }

    public HostAccess {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        binds = binds == null ? List.of() : List.copyOf(binds);
        networkMode = networkMode == null || networkMode.isBlank() ? null : networkMode;
        pidMode = pidMode == null || pidMode.isBlank() ? null : pidMode;
    }

    /**
     * {@code net_admin}, {@code NET_ADMIN} or {@code CAP_NET_ADMIN} as {@code CAP_NET_ADMIN}, {@code all}
     * as {@code ALL}; an unknown name is an {@link IllegalArgumentException}.
     */
    public static String capability(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a capability name must not be empty");
        }
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("ALL")) {
            return upper;
        }
        String cap = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!CAPABILITIES.contains(cap)) {
            throw new IllegalArgumentException("unknown capability '" + name + "'");
        }
        return cap;
    }

    public boolean hostNetwork() {
        return HOST.equals(networkMode);
    }

    public boolean hostPid() {
        return HOST.equals(pidMode);
    }

    /**
     * The options that reach into the host, as {@code option} or {@code option=value} strings
     * ({@code privileged}, {@code capAdd=NET_ADMIN}, {@code bind=/srv:/data:ro}, {@code network=host},
     * {@code pid=host}); empty when none.
     */
    public List<String> dangerousOptions() {
        var options = new java.util.ArrayList<String>();
        if (privileged) {
            options.add("privileged");
        }
        capAdd.forEach(c -> options.add("capAdd=" + c));
        binds.forEach(b -> options.add("bind=" + b));
        if (hostNetwork()) {
            options.add("network=host");
        }
        if (hostPid()) {
            options.add("pid=host");
        }
        return List.copyOf(options);
    }
}
