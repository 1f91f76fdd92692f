package io.berth.engine.snapshots;

import static io.berth.engine.snapshots.LayerFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite again with snapshots made ahead ({@link OverlaySnapshotter#keepWarm}),
 * whose prepares claim them whenever one is ready; plus the warm snapshots' own lifecycle.
 */
class WarmOverlaySnapshotterIT extends SnapshotterConformance {

    @Override
    Snapshotter create(Path root) throws IOException {
        OverlaySnapshotter overlay = new OverlaySnapshotter(root);
        overlay.keepWarm(2);
        return overlay;
    }

    private OverlaySnapshotter overlay() {
        return (OverlaySnapshotter) snapshotter;
    }

    @Test
    void theNextContainerOnALayerGetsTheSnapshotMadeAhead() throws Exception {
        unpackBaseAndChild();
        snapshotter.prepare("c1", CHILD);
        overlay().awaitWarm();
        assertThat(warmDirs()).hasSize(1);
        Path warm = warmDirs().get(0);

        Snapshot c2 = snapshotter.prepare("c2", CHILD);

        // The rename keeps the mount made ahead, whose options still name where it was made.
        assertThat(mountOptionsOf(c2.rootfs())).contains(warm.resolve("upper").toString());
        assertThat(c2.rootfs()).isEqualTo(overlay().root().resolve("active/c2/rootfs"));
        assertThat(c2.rootfs().resolve("etc/hostname")).exists();
        Files.writeString(c2.rootfs().resolve("written.txt"), "mine");
        assertThat(overlay().root().resolve("active/c2/upper/written.txt")).hasContent("mine");
        assertThat(snapshotter.diff("c2")).extracting(Change::path).contains("/written.txt");
        assertThat(snapshotter.stat("c2")).get().extracting(SnapshotInfo::parent).isEqualTo(CHILD);
        overlay().awaitWarm();
        assertThat(warmDirs()).as("made again for the next one").hasSize(1).doesNotContain(warm);
    }

    @Test
    void removingTheLayerDiscardsItsWarmSnapshot() throws Exception {
        unpackBaseAndChild();
        snapshotter.prepare("c1", CHILD);
        overlay().awaitWarm();
        snapshotter.remove("c1");

        snapshotter.remove(CHILD);

        assertThat(warmDirs()).isEmpty();
        assertThat(mountsUnder(overlay().root())).isEmpty();
    }

    @Test
    void onlyTheMostRecentlyPreparedLayersKeepOne() throws Exception {
        unpackBaseAndChild();
        snapshotter.unpack(OTHER, null, dir -> file(dir, "other", "x"));
        snapshotter.prepare("on-base", BASE);
        snapshotter.prepare("on-child", CHILD);
        snapshotter.prepare("on-other", OTHER);
        overlay().awaitWarm();

        assertThat(warmDirs()).hasSize(2); // keepWarm(2): BASE's went first
        assertThat(mountsUnder(overlay().root().resolve("warm"))).hasSize(2);
    }

    @Test
    void closeUnmountsThemAndANewSnapshotterDiscardsWhatACrashLeft() throws Exception {
        unpackBaseAndChild();
        snapshotter.prepare("c1", CHILD);
        overlay().awaitWarm();
        assertThat(mountsUnder(overlay().root().resolve("warm"))).hasSize(1);

        // A new process over the same root, as after a crash of this one.
        new OverlaySnapshotter(overlay().root());
        assertThat(warmDirs()).isEmpty();
        assertThat(mountsUnder(overlay().root().resolve("warm"))).isEmpty();

        snapshotter.prepare("c2", CHILD); // the claim finds nothing ready and prepares as usual
        overlay().awaitWarm();
        overlay().close();
        assertThat(warmDirs()).isEmpty();
        assertThat(mountsUnder(overlay().root().resolve("warm"))).isEmpty();
        assertThat(Files.readString(overlay().root().resolve("active/c2/rootfs/etc/hostname"))).isNotEmpty();
    }

    @Test
    void theInitializerPreparesEachWarmRootfsBeforeAContainerHasIt() throws Exception {
        overlay().close();
        OverlaySnapshotter initialized = new OverlaySnapshotter(overlay().root());
        snapshotter = initialized;
        initialized.keepWarm(2, rootfs -> Files.createDirectory(rootfs.resolve("made-ahead")));
        unpackBaseAndChild();
        initialized.prepare("c1", CHILD);
        initialized.awaitWarm();

        Snapshot c2 = initialized.prepare("c2", CHILD);

        assertThat(c2.rootfs().resolve("made-ahead")).isDirectory();
        assertThat(c2.upperDir().resolve("made-ahead")).isDirectory();
        assertThat(initialized.root().resolve("active/c1/upper/made-ahead")).as("not on the usual path").doesNotExist();
    }

    private List<Path> warmDirs() throws IOException {
        try (var dirs = Files.list(overlay().root().resolve("warm"))) {
            return dirs.toList();
        }
    }

    private static List<String> mountsUnder(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .map(line -> line.split(" ")[4])
                .filter(point -> point.startsWith(dir + "/"))
                .toList();
    }

    private static String mountOptionsOf(Path mountPoint) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.split(" ")[4].equals(mountPoint.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(mountPoint + " is not mounted"));
    }
}
