package io.berth.engine.snapshots;

import static io.berth.engine.snapshots.LayerFixtures.dir;
import static io.berth.engine.snapshots.LayerFixtures.file;
import static io.berth.engine.snapshots.LayerFixtures.opaqueDir;
import static io.berth.engine.snapshots.LayerFixtures.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDiffTest {

    @TempDir
    Path tmp;
    Path image;
    Path upper;
    LowerLayers lower;

    @BeforeEach
    void image() throws Exception {
        image = dir(tmp, "layer");
        upper = dir(tmp, "upper");
        file(image, "etc/passwd", "root");
        file(image, "bin/vi", "vi");
        file(image, "var/cache/one", "1");
        file(image, "var/cache/two", "2");
        lower = new LowerLayers(List.of(image));
    }

    private List<String> diff() throws Exception {
        return ContainerDiff.of(upper, lower).stream().map(Change::toString).toList();
    }

    @Test
    void noChangesInAnEmptyUpper() throws Exception {
        assertThat(diff()).isEmpty();
    }

    @Test
    void addedChangedAndDeleted() throws Exception {
        file(upper, "etc/passwd", "root\nnew");
        file(upper, "tmp/new.txt", "new");
        whiteout(upper, "bin/vi");
        assertThat(diff()).containsExactly("C /bin", "D /bin/vi", "C /etc", "C /etc/passwd", "A /tmp", "A /tmp/new.txt");
    }

    @Test
    void recreatedDirectoryListsWhatItHid() throws Exception {
        opaqueDir(upper, "var/cache");
        file(upper, "var/cache/two", "new two");
        file(upper, "var/cache/three", "3");
        assertThat(diff()).containsExactly(
                "C /var", "C /var/cache", "D /var/cache/one", "A /var/cache/three", "C /var/cache/two");
    }

    @Test
    void deletedDirectoryIsListedOnce() throws Exception {
        whiteout(upper, "var");
        assertThat(diff()).containsExactly("D /var");
    }

    @Test
    void symlinksAreNotFollowed() throws Exception {
        dir(upper, "etc");
        Files.createSymbolicLink(upper.resolve("etc/link"), Path.of("../bin"));
        assertThat(diff()).containsExactly("C /etc", "A /etc/link");
    }
}
