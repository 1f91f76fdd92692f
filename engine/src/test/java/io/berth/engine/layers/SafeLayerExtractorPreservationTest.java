package io.berth.engine.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.content.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a layer says about each file survives extraction. Runs as root (ownership, mknod, trusted xattrs). */
class SafeLayerExtractorPreservationTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path layer;
    final LayerExtractor extractor = new SafeLayerExtractor();

    private ExtractionReport extract(byte[] tar, ExtractOptions options) throws IOException {
        return extractor.extract(new ByteArrayInputStream(tar), layer, options);
    }

    private static Object attr(Path path, String name) throws IOException {
        return Files.getAttribute(path, "unix:" + name, NOFOLLOW);
    }

    /** cap_net_bind_service and cap_setfcap, permitted and effective: VFS_CAP_REVISION_2, 20 bytes, one of them 0x80. */
    static final byte[] CAPABILITY = {
        0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, '\n', '=', 0x00, (byte) 0xc3};

    private static byte[] paxBody(Map<String, byte[]> records) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] rest = (" " + key + "=").getBytes(StandardCharsets.UTF_8);
            int length = rest.length + value.length + 1;
            length += String.valueOf(length).length();
            length = rest.length + value.length + 1 + String.valueOf(length).length();
            body.writeBytes(String.valueOf(length).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(rest);
            body.writeBytes(value);
            body.write('\n');
        });
        return body.toByteArray();
    }

    @Test
    void preservesBinaryXattrValuesByteForByte() throws IOException {
        Map<String, byte[]> records = new java.util.LinkedHashMap<>();
        records.put("SCHILY.xattr.security.capability", CAPABILITY);
        records.put("SCHILY.xattr.user.bin", NOT_UTF8);
        String longName = "dir/" + "n".repeat(120);
        records.put("path", longName.getBytes(StandardCharsets.UTF_8));
        extract(new TarBuilder()
                .dir("dir")
                .paxHeader("ping", paxBody(records))
                .file("ping-short-name", "elf", 0755, 0, 0, Map.of())
                .file("plain", "x", 0644, 0, 0, Map.of())
                .build(), ExtractOptions.overlay());
        String ping = layer.resolve(longName).toString();
        assertThat(NativeFs.lgetxattr(ping, "security.capability")).isEqualTo(CAPABILITY);
        assertThat(NativeFs.lgetxattr(ping, "user.bin")).isEqualTo(NOT_UTF8);
        assertThat(layer.resolve("ping-short-name")).as("the PAX path names the entry").doesNotExist();
        assertThat(NativeFs.lgetxattr(layer.resolve("plain").toString(), "user.bin"))
                .as("a PAX header applies to its own entry only").isNull();
    }

    @Test
    void preservesModesIncludingSetuidSetgidAndSticky() throws IOException {
        extract(new TarBuilder()
                .file("suid", "x", 04755, 0, 0, Map.of())
                .file("sgid", "x", 02711, 0, 0, Map.of())
                .dir("tmp", 01777, 0, 0)
                .file("private", "x", 0600, 0, 0, Map.of())
                .build(), ExtractOptions.overlay());
        assertThat((int) attr(layer.resolve("suid"), "mode") & 07777).isEqualTo(04755);
        assertThat((int) attr(layer.resolve("sgid"), "mode") & 07777).isEqualTo(02711);
        assertThat((int) attr(layer.resolve("tmp"), "mode") & 07777).isEqualTo(01777);
        assertThat((int) attr(layer.resolve("private"), "mode") & 07777).isEqualTo(0600);
    }

    @Test
    void preservesNumericOwnershipWithoutFollowingSymlinks() throws IOException {
        Path victim = Files.writeString(Files.createTempFile("berth-victim", ""), "v");
        try {
            extract(new TarBuilder()
                    .dir("home", 0755, 1000, 1000)
                    .file("home/f", "x", 04755, 1234, 5678, Map.of())
                    .symlink("link", victim.toString(), 4321, 8765)
                    .build(), ExtractOptions.overlay());
            assertThat(attr(layer.resolve("home"), "uid")).isEqualTo(1000);
            assertThat(attr(layer.resolve("home/f"), "uid")).isEqualTo(1234);
            assertThat(attr(layer.resolve("home/f"), "gid")).isEqualTo(5678);
            // setuid survives chown because the mode is set after it
            assertThat((int) attr(layer.resolve("home/f"), "mode") & 07777).isEqualTo(04755);
            assertThat(attr(layer.resolve("link"), "uid")).isEqualTo(4321);
            assertThat(attr(layer.resolve("link"), "gid")).isEqualTo(8765);
            assertThat(attr(victim, "uid")).isEqualTo(0);
            assertThat((int) attr(victim, "mode") & 07777).isEqualTo(0600);
        } finally {
            Files.delete(victim);
        }
    }

    @Test
    void preservesModificationTimesOfFilesDirectoriesAndSymlinks() throws IOException {
        Instant time = Instant.parse("2001-02-03T04:05:06Z");
        extract(new TarBuilder().mtime(time).dir("d").file("d/f", "x").symlink("d/l", "f").build(), ExtractOptions.overlay());
        assertThat(Files.getLastModifiedTime(layer.resolve("d/f"), NOFOLLOW)).isEqualTo(FileTime.from(time));
        assertThat(Files.getLastModifiedTime(layer.resolve("d/l"), NOFOLLOW)).isEqualTo(FileTime.from(time));
        // set after its children were created
        assertThat(Files.getLastModifiedTime(layer.resolve("d"), NOFOLLOW)).isEqualTo(FileTime.from(time));
    }

    @Test
    void preservesExtendedAttributes() throws IOException {
        extract(new TarBuilder()
                .file("f", "x", 0644, 0, 0, Map.of("user.origin", "berth", "trusted.note", "t"))
                .dir("d")
                .build(), ExtractOptions.overlay());
        String f = layer.resolve("f").toString();
        assertThat(NativeFs.lgetxattr(f, "user.origin")).isEqualTo("berth".getBytes(StandardCharsets.UTF_8));
        assertThat(NativeFs.lgetxattr(f, "trusted.note")).isEqualTo("t".getBytes(StandardCharsets.UTF_8));
        assertThat(NativeFs.lgetxattr(layer.resolve("d").toString(), "user.origin")).isNull();
    }

    @Test
    void preservesSymlinksHardlinksAndFifos() throws IOException {
        extract(new TarBuilder()
                .file("bin/busybox", "elf")
                .symlink("bin/sh", "busybox")
                .hardlink("bin/ash", "bin/busybox")
                .special("run/fifo", org.apache.commons.compress.archivers.tar.TarConstants.LF_FIFO)
                .build(), ExtractOptions.overlay());
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(attr(layer.resolve("bin/ash"), "ino")).isEqualTo(attr(layer.resolve("bin/busybox"), "ino"));
        assertThat(attr(layer.resolve("bin/busybox"), "nlink")).isEqualTo(2);
        assertThat((int) attr(layer.resolve("run/fifo"), "mode") & Libc.S_IFMT).isEqualTo(Libc.S_IFIFO);
    }

    @Test
    void overlayModeTurnsWhiteoutsIntoOverlayMarkers() throws IOException {
        extract(new TarBuilder()
                .dir("etc")
                .file("etc/.wh.passwd", "")
                .dir("var/cache")
                .file("var/cache/.wh..wh..opq", "")
                .file("var/cache/new", "n")
                .build(), ExtractOptions.overlay());
        Path whiteout = layer.resolve("etc/passwd");
        assertThat((int) attr(whiteout, "mode") & Libc.S_IFMT).isEqualTo(Libc.S_IFCHR);
        assertThat(attr(whiteout, "rdev")).isEqualTo(0L);
        assertThat(layer.resolve("etc/.wh.passwd")).doesNotExist();
        assertThat(NativeFs.lgetxattr(layer.resolve("var/cache").toString(), "trusted.overlay.opaque"))
                .isEqualTo("y".getBytes(StandardCharsets.US_ASCII));
        assertThat(layer.resolve("var/cache/new")).hasContent("n");
        assertThat(layer.resolve("var/cache/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void flattenedModeDeletesWhatWhiteoutsHide() throws IOException {
        extract(new TarBuilder()
                .dir("etc").file("etc/passwd", "root").file("etc/group", "g")
                .dir("cache").file("cache/old", "o").dir("cache/sub").file("cache/sub/deep", "d")
                .build(), ExtractOptions.flattened());
        extract(new TarBuilder()
                .file("etc/.wh.passwd", "")
                .file("etc/.wh.never-existed", "")
                .dir("cache")
                .file("cache/new", "n")
                .file("cache/.wh..wh..opq", "")
                .build(), ExtractOptions.flattened());
        assertThat(layer.resolve("etc/passwd")).doesNotExist();
        assertThat(layer.resolve("etc/group")).hasContent("g");
        assertThat(layer.resolve("etc/.wh.passwd")).doesNotExist();
        assertThat(layer.resolve("cache/old")).doesNotExist();
        assertThat(layer.resolve("cache/sub")).doesNotExist();
        assertThat(layer.resolve("cache/new")).hasContent("n");
        assertThat(NativeFs.lgetxattr(layer.resolve("cache").toString(), "trusted.overlay.opaque")).isNull();
    }

    @Test
    void reportsTheSameDiffIdForPlainGzipAndZstdLayers() throws IOException {
        byte[] plain = new TarBuilder().file("a", "hello").dir("b").build();
        Digest expected = Digest.of(plain);
        for (byte[] blob : new byte[][] {plain, TarBuilder.gzip(plain), TarBuilder.zstd(plain)}) {
            Path target = Files.createTempDirectory(layer, "l");
            ExtractionReport report = extractor.extract(new ByteArrayInputStream(blob), target, ExtractOptions.overlay());
            assertThat(report.diffId()).isEqualTo(expected);
            assertThat(report.entries()).isEqualTo(2);
            assertThat(report.uncompressedBytes()).isEqualTo(plain.length);
            assertThat(target.resolve("a")).hasContent("hello");
        }
        assertThat(Compression.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(TarBuilder.zstd(plain)))))
                .isEqualTo(Compression.ZSTD);
        assertThat(Compression.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(TarBuilder.gzip(plain)))))
                .isEqualTo(Compression.GZIP);
    }

    @Test
    void appliesTheRootEntryMetadata() throws IOException {
        extract(new TarBuilder().dir("./", 0750, 0, 0).file("f", "x").build(), ExtractOptions.overlay());
        assertThat((int) attr(layer, "mode") & 07777).isEqualTo(0750);
    }
}
