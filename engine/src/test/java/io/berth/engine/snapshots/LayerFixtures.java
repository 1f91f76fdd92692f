package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds layer and upper directories on disk for tests: files, dirs, whiteouts, opaque dirs. */
final class LayerFixtures {

    private LayerFixtures() {
    }

    static Path file(Path root, String rel, String content) throws IOException {
        Path path = root.resolve(rel);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    static Path dir(Path root, String rel) throws IOException {
        return Files.createDirectories(root.resolve(rel));
    }

    static Path whiteout(Path root, String rel) throws IOException {
        Path path = root.resolve(rel);
        Files.createDirectories(path.getParent());
        OverlayFiles.createWhiteout(path);
        return path;
    }

    static Path opaqueDir(Path root, String rel) throws IOException {
        Path path = dir(root, rel);
        OverlayFiles.markOpaque(path);
        return path;
    }
}
