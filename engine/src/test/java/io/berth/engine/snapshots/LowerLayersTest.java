package io.berth.engine.snapshots;

import static io.berth.engine.snapshots.LayerFixtures.dir;
import static io.berth.engine.snapshots.LayerFixtures.file;
import static io.berth.engine.snapshots.LayerFixtures.opaqueDir;
import static io.berth.engine.snapshots.LayerFixtures.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LowerLayersTest {

    @TempDir
    Path tmp;
    Path base;
    Path middle;
    Path top;
    LowerLayers merged;

    @BeforeEach
    void layers() throws Exception {
        base = dir(tmp, "base");
        middle = dir(tmp, "middle");
        top = dir(tmp, "top");
        file(base, "etc/passwd", "root");
        file(base, "etc/hosts", "base hosts");
        file(base, "bin/vi", "vi");
        file(base, "opt/app/a", "a");
        file(base, "opt/app/b", "b");
        file(base, "data", "a file that becomes a directory");
        file(middle, "etc/hosts", "middle hosts");
        whiteout(middle, "bin/vi");
        opaqueDir(middle, "opt/app");
        file(middle, "opt/app/c", "c");
        dir(middle, "data");
        file(middle, "data/inside", "x");
        file(top, "etc/motd", "hi");
        merged = new LowerLayers(List.of(top, middle, base));
    }

    @Test
    void topMostEntryWins() throws Exception {
        assertThat(merged.lookup("etc/hosts")).contains(middle.resolve("etc/hosts"));
        assertThat(merged.lookup("etc/passwd")).contains(base.resolve("etc/passwd"));
        assertThat(merged.lookup("etc/motd")).contains(top.resolve("etc/motd"));
    }

    @Test
    void whiteoutHidesLowerEntry() throws Exception {
        assertThat(merged.exists("bin/vi")).isFalse();
        assertThat(merged.exists("bin")).isTrue();
        assertThat(merged.list("bin")).isEmpty();
    }

    @Test
    void opaqueDirectoryHidesLowerContents() throws Exception {
        assertThat(merged.exists("opt/app/a")).isFalse();
        assertThat(merged.exists("opt/app/c")).isTrue();
        assertThat(merged.list("opt/app")).containsExactly("c");
    }

    @Test
    void directoryReplacingAFileHidesIt() throws Exception {
        assertThat(merged.lookup("data")).contains(middle.resolve("data"));
        assertThat(merged.exists("data/inside")).isTrue();
        assertThat(merged.list("data")).containsExactly("inside");
    }

    @Test
    void nothingBelowAFile() throws Exception {
        assertThat(merged.exists("etc/passwd/x")).isFalse();
        assertThat(merged.list("etc/passwd")).isEmpty();
    }

    @Test
    void mergedListingUnionsLayers() throws Exception {
        assertThat(merged.list("etc")).containsExactly("hosts", "motd", "passwd");
        assertThat(merged.list("")).containsExactly("bin", "data", "etc", "opt");
    }

    @Test
    void missingPathDoesNotExist() throws Exception {
        assertThat(merged.exists("nope/at/all")).isFalse();
        assertThat(new LowerLayers(List.of()).exists("etc")).isFalse();
    }
}
