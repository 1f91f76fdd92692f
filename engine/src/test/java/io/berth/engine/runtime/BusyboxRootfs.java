package io.berth.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A minimal root filesystem made from the host's static busybox, for tests that run containers. */
final class BusyboxRootfs {
    static final List<String> APPLETS = List.of("sh", "echo", "sleep", "cat", "ls", "id", "hostname", "unshare",
        "mount", "grep", "touch", "pwd", "tty", "true", "false", "head", "kill", "ps", "env", "wc", "stty", "yes");

    private BusyboxRootfs() {
    }

    static Path create(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
            root:x:0:0:root:/root:/bin/sh
            app:x:1000:1000:app user:/home/app:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """);
        Files.writeString(etc.resolve("group"), """
            root:x:0:
            app:x:1000:
            staff:x:50:app
            nogroup:x:65534:
            """);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(dir.resolve("home/app"));
        Files.createDirectories(dir.resolve("mnt"));
        Files.createDirectories(dir.resolve("root"));
        return dir;
    }
}
