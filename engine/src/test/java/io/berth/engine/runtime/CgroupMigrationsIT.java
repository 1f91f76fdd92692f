package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real kernel: root, Linux 6.0 or later (favordynmods). */
class CgroupMigrationsIT {

    @Test
    void openingTheRuntimeLeavesTheHostsCgroupsFavoringMigrations(@TempDir Path state) throws Exception {
        assumeTrue(kernelAtLeast(6, 0), "favordynmods came with Linux 6.0");

        try (RuncContainerRuntime ignored = RuncContainerRuntime.open(state)) {
            assertThat(CgroupMigrations.favored(Files.readAllLines(Path.of("/proc/self/mountinfo")))).isTrue();
        }
    }

    @Test
    void aSecondCallFindsTheSettingAndMountsNothingMore() throws Exception {
        assumeTrue(kernelAtLeast(6, 0), "favordynmods came with Linux 6.0");
        CgroupMigrations.favorDynamicModifications(CgroupMigrations.MOUNT_POINT);
        long mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).size();

        assertThat(CgroupMigrations.favorDynamicModifications(CgroupMigrations.MOUNT_POINT))
            .isEqualTo(CgroupMigrations.Outcome.ALREADY_FAVORED);
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).hasSize((int) mounts);
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(parts[0]);
        int mi = Integer.parseInt(parts[1]);
        return ma > major || (ma == major && mi >= minor);
    }
}
