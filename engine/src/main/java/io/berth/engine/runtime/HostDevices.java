package io.berth.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The host's device nodes under {@code /dev}, read as containerd's {@code HostDevices} does for a
 * privileged container: character and block devices, not following links, skipping
 * {@code /dev/pts} (the container gets its own devpts), {@code /dev/console} (set up by the
 * runtime) and the container managers' private directories.
 */
public final class HostDevices {

    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "mqueue", ".lxc", ".lxd-mounts", ".udev");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostDevices() {
    }

    public static List<HostDevice> scan() {
        return scan(Path.of("/dev"));
    }

    static List<HostDevice> scan(Path dev) {
        var devices = new ArrayList<HostDevice>();
        try {
            Files.walkFileTree(dev, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(dev) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isOther() && !file.getFileName().toString().equals("console")) {
                        device(dev, file).ifPresent(devices::add);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a node that vanished or cannot be read is not offered
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the host's devices under " + dev, e);
        }
        return List.copyOf(devices);
    }

    private static java.util.Optional<HostDevice> device(Path dev, Path file) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String type = switch (mode & S_IFMT) {
            case S_IFCHR -> "c";
            case S_IFBLK -> "b";
            default -> null;
        };
        if (type == null) {
            return java.util.Optional.empty(); // a socket or fifo
        }
        long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        String path = "/dev/" + dev.relativize(file).toString();
        return java.util.Optional.of(new HostDevice(path, type, major(rdev), minor(rdev), mode & 07777, uid, gid));
    }

    /** glibc's {@code gnu_dev_major}. */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
    }

    /** glibc's {@code gnu_dev_minor}. */
    static long minor(long rdev) {
        return (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
    }
}
