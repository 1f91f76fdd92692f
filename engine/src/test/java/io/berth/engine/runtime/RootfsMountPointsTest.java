package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsMountPointsTest {

    @TempDir
    Path rootfs;

    @Test
    void makesTheMountPointsOnTheRootfsAsRuncWould() throws Exception {
        Files.createDirectory(rootfs.resolve("bin"));

        RootfsMountPoints.precreate(rootfs);

        assertThat(rootfs.resolve("proc")).isDirectory();
        assertThat(rootfs.resolve("dev")).isDirectory();
        assertThat(rootfs.resolve("sys")).isDirectory();
        assertThat(rootfs.resolve("etc/hosts")).isRegularFile().isEmptyFile();
        assertThat(rootfs.resolve("etc/hostname")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("proc")))).isEqualTo("rwxr-xr-x");
        // inside /dev's tmpfs and sysfs: runc makes those in the mounts, not in the rootfs
        assertThat(rootfs.resolve("dev/pts")).doesNotExist();
        assertThat(rootfs.resolve("sys/fs")).doesNotExist();
    }

    @Test
    void leavesWhatExistsAndNeverWalksThroughASymlink(@TempDir Path host) throws Exception {
        Files.createSymbolicLink(rootfs.resolve("etc"), host);
        Files.createDirectory(rootfs.resolve("proc"));
        Files.writeString(rootfs.resolve("proc/keep"), "x");

        RootfsMountPoints.precreate(rootfs);

        assertThat(host.resolve("hosts")).as("nothing written through the symlink").doesNotExist();
        assertThat(host.resolve("hostname")).doesNotExist();
        assertThat(rootfs.resolve("proc/keep")).hasContent("x");
        assertThat(rootfs.resolve("sys")).isDirectory();
    }
}
