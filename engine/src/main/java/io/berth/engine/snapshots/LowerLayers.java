package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merged, read-only view of a stack of layer directories, computed the way overlayfs
 * computes it but without mounting: the top-most entry for a name wins; a whiteout hides
 * the name in every layer below; a non-directory hides everything below it; an opaque
 * directory hides the same directory in the layers below. The diff uses it to tell an
 * added path from a changed one, and to list what an opaque directory hid.
 *
 * <p>Paths are relative, {@code /}-separated, without a leading slash ({@code "etc/passwd"}; the
 * root is {@code ""}).
 */
public final class LowerLayers {

    private final List<Path> topFirst;

    /** @param topFirst layer directories, the one nearest the container first (overlay's lowerdir order) */
    public LowerLayers(List<Path> topFirst) {
        this.topFirst = List.copyOf(topFirst);
    }

    /** The file that provides {@code rel} in the merged view, or empty when it does not exist there. */
    public Optional<Path> lookup(String rel) throws IOException {
        if (rel.isEmpty()) {
            return topFirst.isEmpty() ? Optional.empty() : Optional.of(topFirst.get(0));
        }
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        String name = rel.substring(slash + 1);
        for (Path dir : directoryStack(parent)) {
            Path candidate = dir.resolve(name);
            Optional<FileStat> stat = FileStat.ofIfExists(candidate);
            if (stat.isEmpty()) {
                continue;
            }
            return stat.get().isWhiteout() ? Optional.empty() : Optional.of(candidate);
        }
        return Optional.empty();
    }

    public boolean exists(String rel) throws IOException {
        return lookup(rel).isPresent();
    }

    /** The names inside directory {@code rel} in the merged view (sorted); empty if it is not a directory. */
    public Set<String> list(String rel) throws IOException {
        Set<String> visible = new TreeSet<>();
        Set<String> hidden = new HashSet<>();
        for (Path dir : directoryStack(rel)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (visible.contains(name) || hidden.contains(name)) {
                        continue;
                    }
                    if (FileStat.of(entry).isWhiteout()) {
                        hidden.add(name);
                    } else {
                        visible.add(name);
                    }
                }
            }
        }
        return visible;
    }

    /**
     * The directories (top first) whose contents merge into directory {@code rel}: walking
     * down one path component at a time, a layer stays in the stack while it has a directory
     * at that path; a whiteout or a non-directory ends the stack, and so does an opaque
     * directory, after its own layer.
     */
    List<Path> directoryStack(String rel) throws IOException {
        List<Path> stack = new ArrayList<>();
        for (Path layer : topFirst) {
            stack.add(layer);
            if (OverlayFiles.isOpaque(layer)) {
                break;
            }
        }
        if (rel.isEmpty()) {
            return stack;
        }
        String prefix = "";
        for (String component : rel.split("/")) {
            prefix = prefix.isEmpty() ? component : prefix + "/" + component;
            List<Path> next = new ArrayList<>();
            for (Path layer : stack) {
                Path dir = layer.resolve(prefix);
                Optional<FileStat> stat = FileStat.ofIfExists(dir);
                if (stat.isEmpty()) {
                    continue;
                }
                if (!stat.get().isDirectory()) {
                    break;
                }
                next.add(layer);
                if (OverlayFiles.isOpaque(dir)) {
                    break;
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            stack = next;
        }
        List<Path> dirs = new ArrayList<>(stack.size());
        for (Path layer : stack) {
            dirs.add(layer.resolve(rel));
        }
        return dirs;
    }
}
