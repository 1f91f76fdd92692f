package io.berth.engine.snapshots;

import static io.berth.engine.snapshots.LayerFixtures.file;
import static io.berth.engine.snapshots.LayerFixtures.opaqueDir;
import static io.berth.engine.snapshots.LayerFixtures.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformance suite plus what is particular to overlayfs; mounts, so needs root. */
class OverlaySnapshotterIT extends SnapshotterConformance {

    @Override
    Snapshotter create(Path root) throws IOException {
        return new OverlaySnapshotter(root);
    }

    @Test
    void overlayWhiteoutsInLayersHideLowerFiles() throws IOException {
        snapshotter.unpack(BASE, null, dir -> {
            file(dir, "etc/gone", "x");
            file(dir, "var/cache/old", "old");
        });
        snapshotter.unpack(CHILD, BASE, dir -> {
            whiteout(dir, "etc/gone");
            opaqueDir(dir, "var/cache");
            file(dir, "var/cache/new", "new");
        });
        Snapshot container = snapshotter.prepare("c1", CHILD);
        assertThat(container.rootfs().resolve("etc/gone")).doesNotExist();
        try (var entries = Files.list(container.rootfs().resolve("var/cache"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("new");
        }
    }

    @Test
    void deletionInAContainerBecomesAnOverlayWhiteout() throws IOException {
        snapshotter.unpack(BASE, null, dir -> file(dir, "etc/passwd", "root"));
        Snapshot container = snapshotter.prepare("c1", BASE);
        Files.delete(container.rootfs().resolve("etc/passwd"));
        assertThat(FileStat.of(container.upperDir().resolve("etc/passwd")).isWhiteout()).isTrue();
    }

    @Test
    void mountsLowerDirsThroughShortLinks() throws IOException {
        snapshotter.unpack(BASE, null, dir -> file(dir, "a", "a"));
        snapshotter.unpack(CHILD, BASE, dir -> file(dir, "b", "b"));
        Snapshot container = snapshotter.prepare("c1", CHILD);
        List<String> lowers = container.mount().lowerDirs();
        assertThat(lowers).hasSize(2).allSatisfy(lower -> assertThat(Path.of(lower).getFileName().toString()).hasSize(8));
        assertThat(Path.of(lowers.get(0)).toRealPath()).isEqualTo(snapshotter.layerDirs(CHILD).get(0).toRealPath());
    }

    @Test
    void manyLayersMountWithRelativeLowerDirs() throws IOException {
        // 200 layers of absolute links (…/snapshots/l/XXXXXXXX:) overflow one page; relative ones fit.
        String parent = null;
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            diffIds.add(ChainIds.sha256("layer " + i));
            String chainId = ChainIds.top(diffIds);
            int n = i;
            snapshotter.unpack(chainId, parent, dir -> {
                file(dir, "layer-" + n, "" + n);
                file(dir, "top", "" + n);
            });
            parent = chainId;
        }
        Snapshot container = snapshotter.prepare("deep", parent);
        assertThat(container.mount().data().length()).isGreaterThan(Mounter.MAX_OPTIONS);
        assertThat(Files.readString(container.rootfs().resolve("layer-0"))).isEqualTo("0");
        assertThat(Files.readString(container.rootfs().resolve("top"))).isEqualTo("199");
        Files.writeString(container.rootfs().resolve("written"), "ok");
        assertThat(container.upperDir().resolve("written")).exists();
    }
}
