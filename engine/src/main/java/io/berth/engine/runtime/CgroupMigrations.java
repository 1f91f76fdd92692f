package io.berth.engine.runtime;

import io.berth.engine.snapshots.LinuxCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every container start from waiting for an RCU grace period in the kernel.
 *
 * <p>runc moves a new container's init into its cgroups by writing {@code cgroup.procs}. The
 * kernel guards such moves with one host-wide lock ({@code cgroup_threadgroup_rwsem}), a per-cpu
 * rwsem whose writer waits for an RCU grace period unless another writer took it within the
 * last one. On a quiet host that wait is 10 to 25 ms of every start (traced with perf, see
 * {@code bench/RESULTS.md}): more than runc's own work. Linux 6.0 added the cgroup mount option
 * {@code favordynmods}, which keeps that lock in the mode where writers never wait, at the cost
 * of an atomic operation in fork and exit; the kernel's cgroup documentation recommends it where
 * tasks move between cgroups often, as they do on a container host. It is a setting of the
 * whole host, in effect as soon as any cgroup hierarchy is mounted with it.
 *
 * <p>Unless a cgroup mount has it already, this mounts a named cgroup v1 hierarchy with it: no
 * controllers, no processes, nothing but the option. It stays mounted, as the setting is the
 * host's and not one engine's. Where the kernel is older or cgroup v1 is disabled, the mount
 * fails; starts then wait as before, and the runtime says so in a warning when it opens.
 */
final class CgroupMigrations {

    static final Path MOUNT_POINT = Path.of("/run/berth/cgroup-favordynmods");
    private static final String OPTION = "favordynmods";
    private static final Logger LOG = LoggerFactory.getLogger(CgroupMigrations.class);

    enum Outcome { ALREADY_FAVORED, MOUNTED, UNAVAILABLE }

    private CgroupMigrations() {
    }

    /** Makes sure some cgroup hierarchy on this host is mounted with {@code favordynmods}. */
    static synchronized Outcome favorDynamicModifications(Path mountPoint) {
        if (favored(mountInfo())) {
            return Outcome.ALREADY_FAVORED;
        }
        String failure = mount(mountPoint);
        if (failure == null && favored(mountInfo())) {
            LOG.info("mounted a cgroup hierarchy with {} at {}: moving a container into its cgroups no longer waits"
                    + " for an RCU grace period", OPTION, mountPoint);
            return Outcome.MOUNTED;
        }
        LOG.warn("cannot mount a cgroup hierarchy with {} at {} ({}): each container start may wait 10-25 ms"
                + " for the kernel's cgroup lock", OPTION, mountPoint, failure == null ? "mounted without the option" : failure);
        return Outcome.UNAVAILABLE;
    }

    /** Whether one of the cgroup mounts in these {@code /proc/self/mountinfo} lines has the option. */
    static boolean favored(List<String> mountInfoLines) {
        for (String line : mountInfoLines) {
            // "<id> <parent> <dev> <root> <point> <options> [optional fields] - <fstype> <source> <super options>"
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] tail = line.substring(separator + 3).split(" ");
            if (tail.length < 3 || !(tail[0].equals("cgroup") || tail[0].equals("cgroup2"))) {
                continue;
            }
            if (Arrays.asList(tail[2].split(",")).contains(OPTION)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> mountInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Mounts the hierarchy; null on success, else what went wrong. */
    private static String mount(Path mountPoint) {
        try {
            Files.createDirectories(mountPoint);
            // The name keeps it apart from every hierarchy with controllers.
            LinuxCalls.mount("cgroup", mountPoint.toString(), "cgroup", 0L, "none,name=berth," + OPTION);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
