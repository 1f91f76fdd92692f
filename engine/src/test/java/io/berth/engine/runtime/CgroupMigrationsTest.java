package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupMigrationsTest {

    private static final String MEMORY_V1 =
        "34 25 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory";
    private static final String UNIFIED =
        "28 25 0:26 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate";
    private static final String ROOT = "22 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard";

    @Test
    void aHostWhoseCgroupMountsLackTheOptionIsNotFavored() {
        assertThat(CgroupMigrations.favored(List.of(ROOT, UNIFIED, MEMORY_V1))).isFalse();
    }

    @Test
    void anyCgroupHierarchyMountedWithTheOptionFavorsTheWholeHost() {
        String named = "412 30 0:77 / /run/berth/cgroup-favordynmods rw,relatime - cgroup cgroup rw,favordynmods,name=berth";
        String v2 = "28 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,favordynmods,memory_recursiveprot";

        assertThat(CgroupMigrations.favored(List.of(ROOT, MEMORY_V1, named))).isTrue();
        assertThat(CgroupMigrations.favored(List.of(ROOT, v2))).isTrue();
    }

    @Test
    void onlyACgroupMountsSuperOptionsCount() {
        // the word in a mount point, in another file system's options, or as part of another option is not the option
        String tmpfs = "50 22 0:40 / /favordynmods rw,relatime - tmpfs tmpfs rw,favordynmods";
        String pointOnly = "51 22 0:41 / /mnt/favordynmods rw,favordynmods - cgroup cgroup rw,name=x";
        String longer = "52 22 0:42 / /mnt/y rw - cgroup2 cgroup2 rw,nofavordynmods";

        assertThat(CgroupMigrations.favored(List.of(tmpfs, pointOnly, longer, "garbage line"))).isFalse();
    }
}
