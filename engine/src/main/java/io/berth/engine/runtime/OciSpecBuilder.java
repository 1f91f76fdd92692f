package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds an OCI runtime {@code config.json} for a container with Docker's isolation
 * defaults (see moby's {@code oci/defaults.go}): its own mount, pid, network, uts and
 * ipc namespaces; Docker's 14 default capabilities; Berth's seccomp profile; masked and
 * read-only {@code /proc} paths; {@code /sys} read-only; only the standard devices;
 * {@code noNewPrivileges}. A run's {@link Privileges} widen that as Docker's options do:
 * privileged (every capability and host device, no seccomp, no masked or read-only paths,
 * writable {@code /sys}), added or dropped capabilities, bind mounts, the host's network or pid
 * namespace. Pure: the rootfs is only named, never touched; host devices come from a supplier.
 */
public final class OciSpecBuilder {

    /**
     * Where every container gets a mount of its own; runc creates these paths in the rootfs
     * when the image lacks them, so they are the runtime's, not the container's, changes.
     */
    public static final java.util.List<String> MOUNT_POINTS = java.util.List.of("/proc", "/dev", "/dev/pts",
            "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/etc/hosts", "/etc/hostname");

    /** Docker's default capability set; {@code CapEff = 0x00000000a80425fb}. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of(
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    public static final List<String> MASKED_PATHS = List.of(
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        "/sys/devices/virtual/powercap");

    public static final List<String> READONLY_PATHS = List.of(
        "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** The devices a container may use (cgroup allow-list): Docker's defaults. */
    private static final List<String[]> ALLOWED_DEVICES = List.of(
        // type, major, minor, access
        new String[]{"c", null, null, "m"}, // mknod of any char device; opening it is still denied
        new String[]{"b", null, null, "m"},
        new String[]{"c", "1", "3", "rwm"},   // /dev/null
        new String[]{"c", "1", "8", "rwm"},   // /dev/random
        new String[]{"c", "1", "7", "rwm"},   // /dev/full
        new String[]{"c", "5", "0", "rwm"},   // /dev/tty
        new String[]{"c", "1", "5", "rwm"},   // /dev/zero
        new String[]{"c", "1", "9", "rwm"},   // /dev/urandom
        new String[]{"c", "136", null, "rwm"}, // /dev/pts/*
        new String[]{"c", "5", "2", "rwm"});  // /dev/ptmx

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode seccomp;
    private final Supplier<List<HostDevice>> hostDevices;
    private final List<String> availableCapabilities;

    /** @param seccomp the {@code linux.seccomp} object, e.g. {@link SeccompProfile#forArchitecture} */
    public OciSpecBuilder(ObjectNode seccomp) {
        this(seccomp, HostDevices::scan, Capabilities.boundingSetOfThisProcess());
    }

    /**
     * @param hostDevices           the devices a privileged container gets, read when one is built
     * @param availableCapabilities what "every capability" means here: the engine's bounding set
     */
    public OciSpecBuilder(ObjectNode seccomp, Supplier<List<HostDevice>> hostDevices,
                          List<String> availableCapabilities) {
        this.seccomp = seccomp;
        this.hostDevices = hostDevices;
        this.availableCapabilities = List.copyOf(availableCapabilities);
    }

    /**
     * @param spec   the run's settings
     * @param user   the user resolved against the rootfs' passwd and group files
     * @param rootfs the container's root filesystem (absolute)
     * @param etcHosts     a file bind-mounted as {@code /etc/hosts}, or null
     * @param etcHostname  a file bind-mounted as {@code /etc/hostname}, or null
     */
    public ObjectNode build(ContainerSpec spec, ResolvedUser user, Path rootfs, Path etcHosts, Path etcHostname) {
        if (!rootfs.isAbsolute()) {
            throw new IllegalArgumentException("rootfs path must be absolute: " + rootfs);
        }
        ObjectNode config = json.createObjectNode();
        config.put("ociVersion", "1.0.2");
        config.set("process", process(spec, user));
        ObjectNode root = config.putObject("root");
        root.put("path", rootfs.toString());
        root.put("readonly", spec.readOnlyRootfs());
        config.put("hostname", spec.effectiveHostname());
        config.set("mounts", mounts(spec.privileges(), etcHosts, etcHostname));
        config.set("linux", linux(spec));
        ObjectNode annotations = config.putObject("annotations");
        spec.labels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
            .forEach(e -> annotations.put(e.getKey(), e.getValue()));
        return config;
    }

    private ObjectNode process(ContainerSpec spec, ResolvedUser user) {
        ObjectNode process = json.createObjectNode();
        process.put("terminal", spec.tty());
        ObjectNode u = process.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        if (!user.additionalGids().isEmpty()) {
            ArrayNode gids = u.putArray("additionalGids");
            user.additionalGids().forEach(gids::add);
        }
        ArrayNode args = process.putArray("args");
        spec.commandLine().argv().forEach(args::add);
        ArrayNode env = process.putArray("env");
        processEnv(spec, user).forEach(env::add);
        process.put("cwd", spec.effectiveWorkingDir());
        ObjectNode caps = process.putObject("capabilities");
        List<String> granted = spec.privileges().capabilities(DEFAULT_CAPABILITIES, availableCapabilities);
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = caps.putArray(set);
            granted.forEach(a::add);
        }
        // Inheritable and ambient stay empty, as in Docker: no capability survives an
        // execve of a non-root or file-capability-less program by inheritance. A privileged
        // container may gain privileges (setuid binaries, file capabilities), as in Docker.
        process.put("noNewPrivileges", !spec.privileges().privileged());
        return process;
    }

    /** The process environment: image + run, PATH default, {@code HOSTNAME}, {@code HOME} from passwd, TERM with a tty. */
    static List<String> processEnv(ContainerSpec spec, ResolvedUser user) {
        List<String> merged = new ArrayList<>(Environment.merge(spec.image().env(), spec.env()));
        if (merged.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) {
            merged.add(0, "HOSTNAME=" + spec.effectiveHostname());
        }
        if (spec.tty() && merged.stream().noneMatch(e -> e.startsWith("TERM="))) {
            merged.add("TERM=xterm");
        }
        if (merged.stream().noneMatch(e -> e.startsWith("HOME="))) {
            merged.add("HOME=" + user.home());
        }
        return List.copyOf(merged);
    }

    private ArrayNode mounts(Privileges privileges, Path etcHosts, Path etcHostname) {
        ArrayNode mounts = json.createArrayNode();
        // privileged: /sys and the cgroup tree writable, as Docker mounts them
        String sysAccess = privileges.privileged() ? "rw" : "ro";
        mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", sysAccess);
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", sysAccess, "nosuid", "noexec", "nodev");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        if (etcHosts != null) {
            mount(mounts, "/etc/hosts", "bind", etcHosts.toString(), "rbind", "rprivate");
        }
        if (etcHostname != null) {
            mount(mounts, "/etc/hostname", "bind", etcHostname.toString(), "rbind", "rprivate");
        }
        for (BindMount bind : privileges.binds()) {
            if (bind.readOnly()) {
                mount(mounts, bind.target(), "bind", bind.source(), "rbind", "rprivate", "ro");
            } else {
                mount(mounts, bind.target(), "bind", bind.source(), "rbind", "rprivate");
            }
        }
        return mounts;
    }

    private void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        for (String option : options) {
            o.add(option);
        }
    }

    private ObjectNode linux(ContainerSpec spec) {
        Privileges privileges = spec.privileges();
        ObjectNode linux = json.createObjectNode();
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String ns : List.of("pid", "network", "ipc", "uts", "mount")) {
            // no namespace of that kind: the container's processes live in the host's
            boolean shared = ns.equals("pid") && privileges.hostPid() || ns.equals("network") && privileges.hostNetwork();
            if (!shared) {
                namespaces.addObject().put("type", ns);
            }
        }
        if (privileges.privileged()) {
            ArrayNode devices = linux.putArray("devices");
            for (HostDevice d : hostDevices.get()) {
                devices.addObject().put("path", d.path()).put("type", d.type()).put("major", d.major())
                    .put("minor", d.minor()).put("fileMode", d.fileMode()).put("uid", d.uid()).put("gid", d.gid());
            }
        }
        linux.put("cgroupsPath", "/berth/" + spec.id());
        linux.set("resources", resources(spec.limits(), privileges.privileged()));
        ArrayNode masked = linux.putArray("maskedPaths");
        ArrayNode readonly = linux.putArray("readonlyPaths");
        if (!privileges.privileged()) {
            MASKED_PATHS.forEach(masked::add);
            READONLY_PATHS.forEach(readonly::add);
            linux.set("seccomp", seccomp.deepCopy());
        }
        return linux;
    }

    private ObjectNode resources(ResourceLimits limits, boolean privileged) {
        ObjectNode resources = json.createObjectNode();
        ArrayNode devices = resources.putArray("devices");
        if (privileged) {
            devices.addObject().put("allow", true).put("access", "rwm");
        } else {
            allowDefaultDevices(devices);
        }
        limits(resources, limits);
        return resources;
    }

    private void allowDefaultDevices(ArrayNode devices) {
        devices.addObject().put("allow", false).put("access", "rwm");
        for (String[] d : ALLOWED_DEVICES) {
            ObjectNode dev = devices.addObject();
            dev.put("allow", true);
            dev.put("type", d[0]);
            if (d[1] != null) {
                dev.put("major", Long.parseLong(d[1]));
            }
            if (d[2] != null) {
                dev.put("minor", Long.parseLong(d[2]));
            }
            dev.put("access", d[3]);
        }
    }

    private void limits(ObjectNode resources, ResourceLimits limits) {
        if (limits.memoryBytes() > 0) {
            ObjectNode memory = resources.putObject("memory");
            memory.put("limit", limits.memoryBytes());
            memory.put("swap", limits.effectiveMemorySwap());
        }
        if (limits.effectiveCpuQuota() > 0 || limits.effectiveCpuPeriod() > 0 || limits.cpuShares() > 0) {
            ObjectNode cpu = resources.putObject("cpu");
            if (limits.cpuShares() > 0) {
                cpu.put("shares", limits.cpuShares());
            }
            if (limits.effectiveCpuQuota() > 0) {
                cpu.put("quota", limits.effectiveCpuQuota());
            }
            if (limits.effectiveCpuPeriod() > 0) {
                cpu.put("period", limits.effectiveCpuPeriod());
            }
        }
        if (limits.pidsLimit() > 0) {
            resources.putObject("pids").put("limit", limits.pidsLimit());
        }
    }
}
