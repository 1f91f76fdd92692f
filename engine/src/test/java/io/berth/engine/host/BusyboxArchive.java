package io.berth.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code docker save} tarball of a busybox image, made as ../shared/RECIPES.md shows:
 * a rootfs from busybox-static, an OCI image by umoci, converted by skopeo.
 */
public final class BusyboxArchive {

    private BusyboxArchive() {
    }

    public static Path build(Path work) throws IOException, InterruptedException {
        Path rootfs = work.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.createDirectories(rootfs.resolve("srv"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "ls", "id", "pwd", "rm", "true", "hostname", "env")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(rootfs.resolve("srv/obsolete.txt"), "delete me\n");
        run(work, "tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "-C", "rootfs",
                "-cf", "layer.tar", ".");
        run(work, "umoci", "init", "--layout", "oci");
        run(work, "umoci", "new", "--image", "oci:latest");
        run(work, "umoci", "raw", "add-layer", "--image", "oci:latest", "layer.tar");
        run(work, "umoci", "config", "--image", "oci:latest", "--config.cmd", "/bin/sh", "--config.env", "PATH=/bin",
                "--config.workingdir", "/", "--architecture", "amd64", "--os", "linux");
        run(work, "skopeo", "copy", "--quiet", "oci:oci:latest", "docker-archive:busybox.tar:busybox:latest");
        return work.resolve("busybox.tar");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
