package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A depth-first walk of an overlay upper directory in a stable order (parents before
 * children, siblings sorted by name), never following symlinks, so the diff and the layer
 * tar come out the same for the same files.
 */
final class UpperDirWalk {

    /** One file below the walked root; {@code childNames} and {@code opaque} only for directories. */
    record Entry(String relativePath, Path path, FileStat stat, boolean opaque, Set<String> childNames) {
    }

    private UpperDirWalk() {
    }

    static List<Entry> walk(Path root) throws IOException {
        if (!FileStat.of(root).isDirectory()) {
            throw new IOException("not a directory: " + root);
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : childNames(root)) {
            visit(root.resolve(name), name, entries);
        }
        return entries;
    }

    private static void visit(Path path, String rel, List<Entry> out) throws IOException {
        FileStat stat = FileStat.of(path);
        if (!stat.isDirectory()) {
            out.add(new Entry(rel, path, stat, false, Set.of()));
            return;
        }
        Set<String> children = childNames(path);
        out.add(new Entry(rel, path, stat, OverlayFiles.isOpaque(path), children));
        for (String child : children) {
            visit(path.resolve(child), rel + "/" + child, out);
        }
    }

    private static Set<String> childNames(Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
