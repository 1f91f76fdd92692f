package io.berth.engine.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every malicious layer is refused and nothing is written outside the layer folder: the
 * sandbox holds the layer folder and an "outside" folder with a secret file, and after
 * each refusal the outside is exactly as it was.
 */
class SafeLayerExtractorRefusalTest {

    @TempDir
    Path sandbox;
    Path layer;
    Path outside;
    Path secret;
    final LayerExtractor extractor = new SafeLayerExtractor();

    @BeforeEach
    void setUp() throws IOException {
        layer = Files.createDirectory(sandbox.resolve("layer"));
        outside = Files.createDirectory(sandbox.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret"), "keep me");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private LayerRejectedException refused(byte[] tar, WhiteoutMode mode) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> extractor.extract(
                new ByteArrayInputStream(tar), layer, new ExtractOptions(mode, ExtractionLimits.DEFAULT)));
        assertThat(thrown).isInstanceOf(LayerRejectedException.class);
        return (LayerRejectedException) thrown;
    }

    private LayerRejectedException refused(byte[] tar) {
        return refused(tar, WhiteoutMode.OVERLAY);
    }

    /** The sandbox outside the layer folder is unchanged: only "layer", "outside" and the secret. */
    private void assertNothingOutside() throws IOException {
        try (Stream<Path> top = Files.list(sandbox)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("layer", "outside");
        }
        try (Stream<Path> out = Files.list(outside)) {
            assertThat(out.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
        assertThat(Files.readString(secret)).isEqualTo("keep me");
        assertThat(Files.getAttribute(secret, "unix:nlink")).isEqualTo(1);
        assertThat(Files.getAttribute(secret, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0100600);
        assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/evil", "a/../../outside/evil", "./../outside/evil", "a/b/../../../outside/evil"})
    void refusesDotDotThatEscapes(String name) throws IOException {
        assertThat(refused(new TarBuilder().file(name, "x").build()))
                .hasMessageContaining(name).hasMessageContaining("climbs out");
        assertNothingOutside();
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        String name = outside.resolve("evil").toString();
        assertThat(refused(new TarBuilder().file(name, "x").build())).hasMessageContaining("absolute path");
        assertNothingOutside();
    }

    @Test
    void dotDotThatStaysInsideIsCleaned() throws IOException {
        extractor.extract(new ByteArrayInputStream(new TarBuilder().dir("a").file("a/../b", "x").build()), layer,
                ExtractOptions.overlay());
        assertThat(layer.resolve("b")).hasContent("x");
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void refusesWriteThroughAbsoluteSymlink(WhiteoutMode mode) throws IOException {
        byte[] tar = new TarBuilder().symlink("a", outside.toString()).file("a/evil", "x").build();
        assertThat(refused(tar, mode)).hasMessageContaining("a/evil").hasMessageContaining("leads out");
        assertNothingOutside();
    }

    @Test
    void refusesWriteThroughSymlinkToTmp() throws IOException {
        Path tmpTarget = Path.of("/tmp").resolve("berth-escape-" + System.nanoTime());
        byte[] tar = new TarBuilder().symlink("a", "/tmp").file("a/" + tmpTarget.getFileName(), "x").build();
        refused(tar);
        assertThat(tmpTarget).doesNotExist();
    }

    @Test
    void refusesWriteThroughRelativeSymlinkThatClimbsOut() throws IOException {
        byte[] tar = new TarBuilder().symlink("a", "../outside").file("a/evil", "x").build();
        assertThat(refused(tar)).hasMessageContaining("leads out of the layer");
        assertNothingOutside();
    }

    @Test
    void refusesSymlinkChainThatClimbsOut() throws IOException {
        byte[] tar = new TarBuilder().dir("d").symlink("d/up", "..").symlink("b", "d/up/d/up/..").file("b/outside/evil", "x").build();
        refused(tar);
        assertNothingOutside();
    }

    @Test
    void followsRelativeSymlinkThatStaysInside() throws IOException {
        byte[] tar = new TarBuilder().dir("usr/lib").symlink("lib", "usr/lib").file("lib/libc.so", "elf").build();
        extractor.extract(new ByteArrayInputStream(tar), layer, ExtractOptions.overlay());
        assertThat(layer.resolve("usr/lib/libc.so")).hasContent("elf");
        assertThat(Files.isSymbolicLink(layer.resolve("lib"))).isTrue();
    }

    @Test
    void refusesHardlinkToOutside() throws IOException {
        byte[] tar = new TarBuilder().hardlink("h", "../outside/secret").build();
        assertThat(refused(tar)).hasMessageContaining("hard link target").hasMessageContaining("outside the layer");
        assertNothingOutside();
    }

    @Test
    void refusesHardlinkThroughSymlinkToOutside() throws IOException {
        byte[] tar = new TarBuilder().symlink("s", outside.toString()).hardlink("h", "s/secret").build();
        refused(tar);
        assertNothingOutside();
    }

    @Test
    void refusesHardlinkToAbsolutePath() throws IOException {
        byte[] tar = new TarBuilder().hardlink("h", secret.toString()).build();
        refused(tar);
        assertNothingOutside();
    }

    @Test
    void refusesHardlinkToMissingTarget() throws IOException {
        assertThat(refused(new TarBuilder().hardlink("h", "nothing").build())).hasMessageContaining("does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {".wh.", ".wh..", ".wh...", "dir/.wh..."})
    void refusesMalformedWhiteouts(String name) throws IOException {
        byte[] tar = new TarBuilder().dir("dir").file(name, "").build();
        assertThat(refused(tar)).hasMessageContaining("invalid whiteout name");
        assertNothingOutside();
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void refusesWhiteoutUnderSymlinkedParent(WhiteoutMode mode) throws IOException {
        byte[] tar = new TarBuilder().symlink("lnk", outside.toString()).file("lnk/.wh.secret", "").build();
        assertThat(refused(tar, mode)).hasMessageContaining("is a symlink");
        assertNothingOutside();
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void refusesWhiteoutUnderInRootSymlink(WhiteoutMode mode) throws IOException {
        byte[] tar = new TarBuilder().dir("real").file("real/x", "1").symlink("lnk", "real").file("lnk/.wh.x", "").build();
        refused(tar, mode);
        assertThat(layer.resolve("real/x")).hasContent("1");
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void refusesOpaqueMarkerUnderSymlink(WhiteoutMode mode) throws IOException {
        byte[] tar = new TarBuilder().symlink("lnk", outside.toString()).file("lnk/.wh..wh..opq", "").build();
        refused(tar, mode);
        assertNothingOutside();
    }

    @Test
    void refusesDuplicateEntries() throws IOException {
        byte[] tar = new TarBuilder().file("f", "one").file("./f", "two").build();
        assertThat(refused(tar)).hasMessageContaining("duplicate entry");
    }

    @Test
    void refusesReplacingASymlinkOfTheSameLayer() throws IOException {
        byte[] tar = new TarBuilder().symlink("f", secret.toString()).file("f", "overwrite").build();
        refused(tar);
        assertNothingOutside();
    }

    @Test
    void replacesALowerSymlinkInsteadOfWritingThroughIt() throws IOException {
        extractor.extract(new ByteArrayInputStream(new TarBuilder().symlink("f", secret.toString()).build()), layer,
                ExtractOptions.flattened());
        extractor.extract(new ByteArrayInputStream(new TarBuilder().file("f", "new", 0777, 0, 0, java.util.Map.of()).build()),
                layer, ExtractOptions.flattened());
        assertThat(Files.isSymbolicLink(layer.resolve("f"))).isFalse();
        assertThat(layer.resolve("f")).hasContent("new");
        assertNothingOutside();
    }

    @Test
    void refusesCharacterDevices() throws IOException {
        assertThat(refused(new TarBuilder().special("dev/mem", TarConstants.LF_CHR).build()))
                .hasMessageContaining("device nodes are not allowed");
        assertThat(layer.resolve("dev/mem")).doesNotExist();
    }

    @Test
    void refusesBlockDevices() throws IOException {
        assertThat(refused(new TarBuilder().special("sda", TarConstants.LF_BLK).build()))
                .hasMessageContaining("device nodes are not allowed");
        assertThat(layer.resolve("sda")).doesNotExist();
    }

    @Test
    void refusesAGzipBombOverTheByteCap() throws IOException {
        byte[] bomb = TarBuilder.gzip(new TarBuilder().bigFile("zeros", 8L << 20).build());
        assertThat(bomb.length).isLessThan(100_000);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> extractor.extract(
                new ByteArrayInputStream(bomb), layer, ExtractOptions.overlay().withLimits(new ExtractionLimits(1 << 20, 100))));
        assertThat(thrown).isInstanceOf(LayerRejectedException.class).hasMessageContaining("limit of 1048576");
        assertThat(Files.exists(layer.resolve("zeros"))).isFalse();
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        TarBuilder builder = new TarBuilder();
        for (int i = 0; i < 20; i++) {
            builder.file("f" + i, "");
        }
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> extractor.extract(
                new ByteArrayInputStream(builder.build()), layer, ExtractOptions.overlay().withLimits(new ExtractionLimits(1 << 20, 10))));
        assertThat(thrown).isInstanceOf(LayerRejectedException.class).hasMessageContaining("more than the limit of 10 entries");
    }

    @Test
    void refusesOverlayXattrsFromTheTar() throws IOException {
        byte[] tar = new TarBuilder().file("f", "x", 0644, 0, 0, java.util.Map.of("trusted.overlay.redirect", "/etc")).build();
        assertThat(refused(tar)).hasMessageContaining("reserved for the engine");
    }

    @Test
    void refusesNonDirectoryLayerRoot() throws IOException {
        assertThat(refused(new TarBuilder().symlink(".", "/").build())).hasMessageContaining("layer root");
        assertThat(Files.isDirectory(layer, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(List.of()).isEmpty();
    }
}
