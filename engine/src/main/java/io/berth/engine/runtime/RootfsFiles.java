package io.berth.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads small files (passwd, group) from a container's root filesystem, resolving
 * symlinks as if the rootfs were {@code /}: an image's {@code /etc/passwd -> /x} must
 * mean {@code <rootfs>/x}, and {@code ../../..} must stop at the rootfs, never reach
 * the host's files.
 */
final class RootfsFiles {
    private static final int MAX_LINKS = 40;
    private static final long MAX_SIZE = 4 * 1024 * 1024;

    private final Path rootfs;

    RootfsFiles(Path rootfs) {
        this.rootfs = rootfs.toAbsolutePath().normalize();
    }

    /** The file's text, or empty when it does not exist (or is not a regular file). */
    Optional<String> read(String pathInContainer) throws IOException {
        Path resolved = resolve(pathInContainer);
        if (resolved == null || !Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.size(resolved) > MAX_SIZE) {
            throw new IOException(pathInContainer + " in the rootfs is larger than " + MAX_SIZE + " bytes");
        }
        return Optional.of(Files.readString(resolved, StandardCharsets.UTF_8));
    }

    /** Host path of a container path with every symlink resolved inside the rootfs; null if a part is missing. */
    Path resolve(String pathInContainer) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, pathInContainer);
        Path current = rootfs;
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!current.equals(rootfs)) {
                    current = current.getParent();
                }
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many symlinks resolving " + pathInContainer + " in the rootfs");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    current = rootfs;
                }
                push(pending, target);
                continue;
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            current = next;
        }
        return current;
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }
}
