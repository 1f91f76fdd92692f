package io.berth.engine.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything a run says about a container, on top of its image's defaults. The runtime
 * merges the two ({@link CommandLine}, {@link Environment}, user, workdir) when it
 * writes the OCI bundle. Null fields mean "take the image's" or the Docker default.
 *
 * @param id             the container's id; also runc's and conmon's id
 * @param entrypoint     overrides the image's Entrypoint (an empty list clears it)
 * @param cmd            overrides the image's Cmd when not empty
 * @param env            {@code KEY=value} entries added to or replacing the image's
 * @param workingDir     absolute directory to start in; default the image's or {@code /}
 * @param user           {@code uid}, {@code uid:gid}, {@code name} or {@code name:group}
 * @param hostname       default: the first 12 characters of the id
 * @param stopSignal     signal for {@code stop}; default the image's, else SIGTERM
 * @param stopTimeout    default wait between the stop signal and SIGKILL
 * @param privileges     what of the host it reaches (privileged, capabilities, binds, host namespaces)
 */
public record ContainerSpec(String id, ImageDefaults image, List<String> entrypoint, List<String> cmd,
                            List<String> env, String workingDir, String user, String hostname, boolean tty,
                            boolean readOnlyRootfs, ResourceLimits limits, RestartPolicy restartPolicy,
                            String stopSignal, Duration stopTimeout, Map<String, String> labels,
                            Privileges privileges) {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    public ContainerSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid container id '" + id
                + "': use 1-64 characters [a-zA-Z0-9_.-], starting with a letter or digit");
        }
        image = image == null ? ImageDefaults.NONE : image;
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        limits = limits == null ? ResourceLimits.NONE : limits;
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        stopTimeout = stopTimeout == null ? DEFAULT_STOP_TIMEOUT : stopTimeout;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        privileges = privileges == null ? Privileges.NONE : privileges;
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stop timeout must not be negative, got " + stopTimeout);
        }
        if (workingDir != null && !workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new IllegalArgumentException("working directory '" + workingDir + "' must be an absolute path");
        }
        if (stopSignal != null) {
            Signals.parse(stopSignal);
        }
        if (hostname != null && !hostname.matches("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,62})")) {
            throw new IllegalArgumentException("invalid hostname '" + hostname + "'");
        }
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** The argv of the container's process. */
    public CommandLine commandLine() {
        return CommandLine.merge(image.entrypoint(), image.cmd(), entrypoint, cmd);
    }

    /** The signal {@code stop} sends first: the run's, the image's, or SIGTERM. */
    public int effectiveStopSignal() {
        if (stopSignal != null) {
            return Signals.parse(stopSignal);
        }
        if (image.stopSignal() != null && !image.stopSignal().isBlank()) {
            return Signals.parse(image.stopSignal());
        }
        return Signals.SIGTERM;
    }

    public String effectiveHostname() {
        return hostname != null ? hostname : id.length() > 12 ? id.substring(0, 12) : id;
    }

    public String effectiveWorkingDir() {
        if (workingDir != null && !workingDir.isEmpty()) {
            return workingDir;
        }
        String fromImage = image.workingDir();
        return fromImage != null && fromImage.startsWith("/") ? fromImage : "/";
    }

    public UserSpec effectiveUser() {
        return UserSpec.parse(user != null && !user.isBlank() ? user : image.user());
    }

    public static final class Builder {
        private final String id;
        private ImageDefaults image = ImageDefaults.NONE;
        private List<String> entrypoint;
        private List<String> cmd;
        private List<String> env = List.of();
        private String workingDir;
        private String user;
        private String hostname;
        private boolean tty;
        private boolean readOnlyRootfs;
        private ResourceLimits limits = ResourceLimits.NONE;
        private RestartPolicy restartPolicy = RestartPolicy.NO;
        private String stopSignal;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private Map<String, String> labels = Map.of();
        private Privileges privileges = Privileges.NONE;

        private Builder(String id) {
            this.id = id;
        }

        public Builder image(ImageDefaults image) { this.image = image; return this; }
        public Builder entrypoint(String... args) { this.entrypoint = List.of(args); return this; }
        public Builder cmd(String... args) { this.cmd = List.of(args); return this; }
        public Builder cmd(List<String> args) { this.cmd = args; return this; }
        public Builder env(String... entries) { this.env = List.of(entries); return this; }
        public Builder workingDir(String dir) { this.workingDir = dir; return this; }
        public Builder user(String user) { this.user = user; return this; }
        public Builder hostname(String hostname) { this.hostname = hostname; return this; }
        public Builder tty(boolean tty) { this.tty = tty; return this; }
        public Builder readOnlyRootfs(boolean readOnly) { this.readOnlyRootfs = readOnly; return this; }
        public Builder limits(ResourceLimits limits) { this.limits = limits; return this; }
        public Builder restartPolicy(RestartPolicy policy) { this.restartPolicy = policy; return this; }
        public Builder restartPolicy(String policy) { this.restartPolicy = RestartPolicy.parse(policy); return this; }
        public Builder stopSignal(String signal) { this.stopSignal = signal; return this; }
        public Builder stopTimeout(Duration timeout) { this.stopTimeout = timeout; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder privileges(Privileges privileges) { this.privileges = privileges; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(id, image, entrypoint, cmd, env, workingDir, user, hostname, tty,
                readOnlyRootfs, limits, restartPolicy, stopSignal, stopTimeout, labels, privileges);
        }
    }
}
