package io.berth.engine.snapshots;

import static io.berth.engine.snapshots.LayerFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Snapshotter} must do, whatever it mounts with (containerd's
 * snapshotter test suite, in spirit). An implementation's IT extends this class.
 */
abstract class SnapshotterConformance {

    static final String BASE = "sha256:" + "1".repeat(64);
    static final String CHILD = "sha256:" + "2".repeat(64);
    static final String OTHER = "sha256:" + "3".repeat(64);

    @TempDir
    Path tmp;
    Snapshotter snapshotter;

    abstract Snapshotter create(Path root) throws IOException;

    @BeforeEach
    void createSnapshotter() throws IOException {
        snapshotter = create(tmp.resolve("snapshots"));
    }

    /** Unmounts and removes every active snapshot and view, even when a test failed. */
    @AfterEach
    void removeActiveSnapshots() throws Exception {
        for (SnapshotInfo info : snapshotter.list()) {
            if (info.kind() != SnapshotKind.COMMITTED) {
                snapshotter.remove(info.key());
            }
        }
        if (snapshotter instanceof AutoCloseable closeable) {
            closeable.close(); // snapshots made ahead are unmounted with it
        }
    }

    void unpackBaseAndChild() throws IOException {
        snapshotter.unpack(BASE, null, dir -> {
            file(dir, "etc/hostname", "base");
            file(dir, "bin/tool", "tool");
        });
        snapshotter.unpack(CHILD, BASE, dir -> file(dir, "etc/hostname", "child"));
    }

    @Test
    void preparedSnapshotShowsTheMergedLayers() throws IOException {
        unpackBaseAndChild();
        Snapshot container = snapshotter.prepare("c1", CHILD);
        assertThat(Files.readString(container.rootfs().resolve("etc/hostname"))).isEqualTo("child");
        assertThat(Files.readString(container.rootfs().resolve("bin/tool"))).isEqualTo("tool");
        assertThat(snapshotter.stat("c1")).get().extracting(SnapshotInfo::kind).isEqualTo(SnapshotKind.ACTIVE);
        assertThat(snapshotter.layerDirs("c1")).hasSize(2);
    }

    @Test
    void writesLandInTheUpperDirAndShowInTheDiff() throws IOException {
        unpackBaseAndChild();
        Snapshot container = snapshotter.prepare("c1", CHILD);
        Files.writeString(container.rootfs().resolve("new.txt"), "hello");
        Files.delete(container.rootfs().resolve("bin/tool"));
        Files.writeString(container.rootfs().resolve("etc/hostname"), "changed");

        assertThat(Files.readString(container.upperDir().resolve("new.txt"))).isEqualTo("hello");
        assertThat(snapshotter.diff("c1")).extracting(Change::toString)
                .containsExactly("C /bin", "D /bin/tool", "C /etc", "C /etc/hostname", "A /new.txt");
        assertThat(Files.readString(snapshotter.layerDirs(CHILD).get(0).resolve("etc/hostname")))
                .as("layers never change").isEqualTo("child");
    }

    @Test
    void unpackHappensOncePerChainId() throws IOException {
        unpackBaseAndChild();
        SnapshotInfo again = snapshotter.unpack(BASE, null, dir -> {
            throw new AssertionError("must not unpack an existing layer again");
        });
        assertThat(again.key()).isEqualTo(BASE);
    }

    @Test
    void failedUnpackLeavesNothing() throws IOException {
        assertThatThrownBy(() -> snapshotter.unpack(BASE, null, dir -> {
            file(dir, "half", "written");
            throw new IOException("layer rejected");
        })).hasMessage("layer rejected");
        assertThat(snapshotter.stat(BASE)).isEmpty();
    }

    @Test
    void layerIsRemovedOnlyWhenNothingStacksOnIt() throws IOException {
        unpackBaseAndChild();
        snapshotter.prepare("c1", CHILD);
        snapshotter.prepare("c2", CHILD);
        assertThatThrownBy(() -> snapshotter.remove(CHILD))
                .isInstanceOf(SnapshotConflictException.class).hasMessageContaining("c1").hasMessageContaining("c2");
        assertThatThrownBy(() -> snapshotter.remove(BASE))
                .isInstanceOf(SnapshotConflictException.class).hasMessageContaining(CHILD);
        snapshotter.remove("c1");
        snapshotter.remove("c2");
        snapshotter.remove(CHILD);
        snapshotter.remove(BASE);
        assertThat(snapshotter.list()).isEmpty();
    }

    @Test
    void removeUnmountsAndDeletesEverything() throws IOException {
        unpackBaseAndChild();
        Snapshot container = snapshotter.prepare("c1", CHILD);
        Files.writeString(container.rootfs().resolve("new.txt"), "hello");
        snapshotter.remove("c1");
        assertThat(snapshotter.stat("c1")).isEmpty();
        assertThat(container.rootfs()).doesNotExist();
        assertThat(container.upperDir()).doesNotExist();
        assertThat(snapshotter.layerDirs(CHILD).get(0).resolve("etc/hostname")).exists();
    }

    @Test
    void viewIsReadOnly() throws IOException {
        unpackBaseAndChild();
        Snapshot view = snapshotter.view("v1", CHILD);
        assertThat(Files.readString(view.rootfs().resolve("etc/hostname"))).isEqualTo("child");
        assertThatThrownBy(() -> Files.writeString(view.rootfs().resolve("x"), "no"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> snapshotter.diff("v1")).isInstanceOf(SnapshotConflictException.class);
    }

    @Test
    void viewOfOneLayerAndEmptyViewAreReadOnly() throws IOException {
        unpackBaseAndChild();
        Snapshot one = snapshotter.view("v1", BASE);
        assertThat(Files.readString(one.rootfs().resolve("etc/hostname"))).isEqualTo("base");
        assertThatThrownBy(() -> Files.writeString(one.rootfs().resolve("x"), "no")).isInstanceOf(IOException.class);
        Snapshot empty = snapshotter.view("v2", null);
        try (var entries = Files.list(empty.rootfs())) {
            assertThat(entries).isEmpty();
        }
        assertThatThrownBy(() -> Files.writeString(empty.rootfs().resolve("x"), "no")).isInstanceOf(IOException.class);
    }

    @Test
    void snapshotWithoutParentIsWritable() throws IOException {
        Snapshot scratch = snapshotter.prepare("scratch", null);
        Files.writeString(scratch.rootfs().resolve("a"), "a");
        assertThat(snapshotter.diff("scratch")).extracting(Change::toString).containsExactly("A /a");
    }

    @Test
    void commitTurnsAnActiveSnapshotIntoALayer() throws IOException {
        unpackBaseAndChild();
        Snapshot step = snapshotter.prepare("build-1", CHILD);
        Files.writeString(step.rootfs().resolve("built"), "yes");
        Files.delete(step.rootfs().resolve("bin/tool"));
        snapshotter.commit(OTHER, "build-1");

        assertThat(snapshotter.stat("build-1")).isEmpty();
        assertThat(snapshotter.stat(OTHER)).get().extracting(SnapshotInfo::parent).isEqualTo(CHILD);
        Snapshot next = snapshotter.prepare("c1", OTHER);
        assertThat(Files.readString(next.rootfs().resolve("built"))).isEqualTo("yes");
        assertThat(next.rootfs().resolve("bin/tool")).doesNotExist();
        assertThat(next.rootfs().resolve("etc/hostname")).exists();
    }

    @Test
    void mountRestoresALostMount() throws IOException {
        unpackBaseAndChild();
        Snapshot container = snapshotter.prepare("c1", CHILD);
        Files.writeString(container.rootfs().resolve("kept"), "kept");
        LinuxCalls.unmount(container.rootfs().toString(), 0);
        assertThat(container.rootfs().resolve("kept")).doesNotExist();
        Snapshot again = snapshotter.mount("c1");
        assertThat(Files.readString(again.rootfs().resolve("kept"))).isEqualTo("kept");
    }

    @Test
    void refusesBadKeysDuplicatesAndMissingParents() throws IOException {
        unpackBaseAndChild();
        snapshotter.prepare("c1", CHILD);
        assertThatThrownBy(() -> snapshotter.prepare("c1", CHILD))
                .isInstanceOf(SnapshotConflictException.class).hasMessageContaining("c1");
        assertThatThrownBy(() -> snapshotter.prepare("../escape", CHILD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../escape");
        assertThatThrownBy(() -> snapshotter.prepare("c2", OTHER))
                .isInstanceOf(SnapshotNotFoundException.class).hasMessageContaining(OTHER);
        assertThatThrownBy(() -> snapshotter.unpack("sha256:nothex", null, dir -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> snapshotter.remove("nope")).isInstanceOf(SnapshotNotFoundException.class);
        assertThat(snapshotter.stat("c2")).isEmpty();
    }

    @Test
    void listsCommittedThenActive() throws IOException {
        unpackBaseAndChild();
        snapshotter.prepare("c1", CHILD);
        snapshotter.view("v1", BASE);
        assertThat(snapshotter.list()).extracting(SnapshotInfo::key).containsExactly(BASE, CHILD, "c1", "v1");
        assertThat(List.copyOf(snapshotter.list())).extracting(SnapshotInfo::kind).containsExactly(
                SnapshotKind.COMMITTED, SnapshotKind.COMMITTED, SnapshotKind.ACTIVE, SnapshotKind.VIEW);
    }
}
