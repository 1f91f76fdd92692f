package io.berth.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The mount points runc would otherwise create in a container's rootfs at create time, made
 * ahead in a snapshot no container uses yet — what Docker's per-container init layer holds.
 * On an overlay each is a create in the upper directory plus a copy-up of its parent, a few
 * milliseconds on the start path; made ahead they cost nothing there, and the files are the
 * same as runc's own (directories 0755, empty files 0755, root-owned), which
 * {@code docker diff} leaves out like every runtime mount point.
 *
 * <p>Only the mount points on the rootfs itself: {@code /dev/pts} is inside the {@code /dev}
 * tmpfs, {@code /sys/fs/cgroup} inside sysfs. A path any of whose parts exists as something
 * other than a plain directory (a symlink above all) is left alone: runc then resolves it
 * inside the rootfs itself, as it always does.
 */
public final class RootfsMountPoints {

    private static final List<String> FILES = List.of("/etc/hosts", "/etc/hostname");
    /** The standard mount points that are not inside another of them. */
    private static final List<String> ON_THE_ROOTFS = OciSpecBuilder.MOUNT_POINTS.stream()
            .filter(point -> OciSpecBuilder.MOUNT_POINTS.stream()
                    .noneMatch(other -> !other.equals(point) && point.startsWith(other + "/")))
            .toList();
    private static final Set<PosixFilePermission> RUNC_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private RootfsMountPoints() {
    }

    /** Creates what is missing of the standard mount points under {@code rootfs}. */
    public static void precreate(Path rootfs) throws IOException {
        for (String point : ON_THE_ROOTFS) {
            createIfPlain(rootfs, point, FILES.contains(point));
        }
    }

    private static void createIfPlain(Path rootfs, String point, boolean file) throws IOException {
        String[] parts = point.substring(1).split("/");
        Path current = rootfs;
        for (int i = 0; i < parts.length; i++) {
            current = current.resolve(parts[i]);
            boolean last = i == parts.length - 1;
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                if (last || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    return; // there already, or not ours to walk through
                }
                continue;
            }
            if (last && file) {
                Files.createFile(current);
            } else {
                Files.createDirectory(current);
            }
            Files.setPosixFilePermissions(current, RUNC_MODE); // as runc makes them, whatever the umask
        }
    }
}
