package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading passwd from an image's rootfs must never reach the host's files through symlinks. */
class RootfsFilesIT {
    @TempDir
    Path tmp;

    @Test
    void absoluteSymlinksResolveInsideTheRootfs() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("real"));
        Files.writeString(rootfs.resolve("real/passwd"), "inside");
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/real/passwd"));
        assertThat(new RootfsFiles(rootfs).read("/etc/passwd")).contains("inside");
    }

    @Test
    void dotDotAndSymlinksCannotClimbOut() throws IOException {
        Path outside = Files.writeString(tmp.resolve("secret"), "host secret");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../secret"));
        Files.createSymbolicLink(rootfs.resolve("etc/group"), outside);
        RootfsFiles files = new RootfsFiles(rootfs);
        assertThat(files.read("/etc/passwd")).isEmpty();
        assertThat(files.read("/etc/group")).isEmpty();
        assertThat(files.read("/../secret")).isEmpty();
        Files.writeString(rootfs.resolve("secret"), "rootfs copy");
        assertThat(files.read("/etc/passwd")).contains("rootfs copy");
    }

    @Test
    void symlinkLoopsEndWithAnError() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
        try {
            new RootfsFiles(rootfs).read("/etc/passwd");
            throw new AssertionError("a symlink loop must not resolve");
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("too many symlinks");
        }
    }

    @Test
    void missingFilesAndDirectoriesAreEmpty() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc/passwd"));
        assertThat(new RootfsFiles(rootfs).read("/etc/passwd")).isEmpty();
        assertThat(new RootfsFiles(rootfs).read("/etc/group")).isEmpty();
    }
}
