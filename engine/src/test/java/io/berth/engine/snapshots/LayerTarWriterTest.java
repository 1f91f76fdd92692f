package io.berth.engine.snapshots;

import static io.berth.engine.snapshots.LayerFixtures.dir;
import static io.berth.engine.snapshots.LayerFixtures.file;
import static io.berth.engine.snapshots.LayerFixtures.opaqueDir;
import static io.berth.engine.snapshots.LayerFixtures.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.layers.ExtractOptions;
import io.berth.engine.layers.SafeLayerExtractor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTarWriterTest {

    static final byte[] BINARY = {0x01, 0x00, (byte) 0xff, (byte) 0x80, '\n', '='};
    static final String LONG_NAME = "deep/" + "d".repeat(60) + "/" + "f".repeat(70) + ".txt";

    @TempDir
    Path tmp;
    Path upper;

    @BeforeEach
    void upperDir() throws Exception {
        upper = dir(tmp, "upper");
        Path tool = file(upper, "bin/tool", "#!/bin/sh\n");
        Files.setAttribute(tool, "unix:uid", 1000);
        Files.setAttribute(tool, "unix:gid", 2000);
        Files.setAttribute(tool, "unix:mode", 04755); // after chown, which clears setuid
        Files.setLastModifiedTime(tool, FileTime.from(1_700_000_000_123L, TimeUnit.MILLISECONDS));
        Files.createLink(upper.resolve("bin/tool-link"), tool);
        Files.createSymbolicLink(upper.resolve("bin/sh"), Path.of("busybox"));
        whiteout(upper, "bin/vi");
        opaqueDir(upper, "var/cache");
        file(upper, "var/cache/fresh", "fresh");
        file(upper, LONG_NAME, "long");
        LinuxCalls.setXattr(tool.toString(), "trusted.berth-test", BINARY);
        LinuxCalls.setXattr(tool.toString(), "user.comment", "hello".getBytes(StandardCharsets.UTF_8));
        LinuxCalls.setXattr(tool.toString(), "trusted.overlay.origin", new byte[] {1, 2, 3});
        Process fifo = new ProcessBuilder("mkfifo", upper.resolve("bin/pipe").toString()).start();
        assertThat(fifo.waitFor()).isZero();
    }

    private byte[] tar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerTarWriter.write(upper, out);
        return out.toByteArray();
    }

    private Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }

    @Test
    void entriesInParentFirstSortedOrderWithOciWhiteouts() throws Exception {
        assertThat(entries(tar()).keySet()).containsExactly(
                "bin/", "bin/pipe", "bin/sh", "bin/tool", "bin/tool-link", "bin/.wh.vi",
                "deep/", "deep/" + "d".repeat(60) + "/", LONG_NAME,
                "var/", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/fresh");
    }

    @Test
    void keepsModesOwnersTimesLinksAndTypes() throws Exception {
        Map<String, TarArchiveEntry> entries = entries(tar());
        TarArchiveEntry tool = entries.get("bin/tool");
        assertThat(tool.getMode()).isEqualTo(04755);
        assertThat(tool.getLongUserId()).isEqualTo(1000);
        assertThat(tool.getLongGroupId()).isEqualTo(2000);
        assertThat(tool.getUserName()).isEmpty();
        assertThat(tool.getModTime().getTime()).isEqualTo(1_700_000_000_000L);
        assertThat(tool.getSize()).isEqualTo(10);
        assertThat(entries.get("bin/tool-link").isLink()).isTrue();
        assertThat(entries.get("bin/tool-link").getLinkName()).isEqualTo("bin/tool");
        assertThat(entries.get("bin/sh").isSymbolicLink()).isTrue();
        assertThat(entries.get("bin/sh").getLinkName()).isEqualTo("busybox");
        assertThat(entries.get("bin/pipe").isFIFO()).isTrue();
        assertThat(entries.get("bin/.wh.vi").isFile()).isTrue();
        assertThat(entries.get("bin/.wh.vi").getSize()).isZero();
        assertThat(entries.get(LONG_NAME).getSize()).isEqualTo(4);
    }

    @Test
    void writesXattrsExceptOverlaysOwnAsRawPaxRecords() throws Exception {
        byte[] tar = tar();
        TarArchiveEntry tool = entries(tar).get("bin/tool");
        assertThat(tool.getExtraPaxHeaders()).containsEntry("SCHILY.xattr.user.comment", "hello")
                .containsKey("SCHILY.xattr.trusted.berth-test")
                .doesNotContainKey("SCHILY.xattr.trusted.overlay.origin");
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(" SCHILY.xattr.trusted.berth-test=".getBytes(StandardCharsets.UTF_8));
        record.writeBytes(BINARY);
        record.write('\n');
        assertThat(indexOf(tar, record.toByteArray())).as("binary value written byte for byte").isPositive();
    }

    @Test
    void safeLayerExtractorReadsBinaryXattrsBackByteForByte() throws Exception {
        // cap_net_bind_service and cap_setfcap, permitted and effective (VFS_CAP_REVISION_2):
        // the kernel validates the format, and 0x80 is not valid UTF-8
        byte[] capability = {0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Path ping = file(upper, "bin/ping", "elf");
        LinuxCalls.setXattr(ping.toString(), "security.capability", capability);
        Path out = dir(tmp, "extracted");
        new SafeLayerExtractor().extract(new ByteArrayInputStream(tar()), out, ExtractOptions.overlay());
        assertThat(LinuxCalls.getXattr(out.resolve("bin/ping").toString(), "security.capability")).hasValue(capability);
        assertThat(LinuxCalls.getXattr(out.resolve("bin/tool").toString(), "trusted.berth-test")).hasValue(BINARY);
        assertThat(LinuxCalls.getXattr(out.resolve("bin/tool").toString(), "user.comment"))
                .hasValue("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sameDirectoryGivesSameBytes() throws Exception {
        assertThat(tar()).isEqualTo(tar());
    }

    @Test
    void gnuTarReadsItBackWithXattrs() throws Exception {
        Path layer = tmp.resolve("layer.tar");
        Files.write(layer, tar());
        Path out = dir(tmp, "out");
        Process tar = new ProcessBuilder("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf",
                layer.toString(), "-C", out.toString()).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(output).isZero();
        assertThat(LinuxCalls.getXattr(out.resolve("bin/tool").toString(), "trusted.berth-test")).hasValue(BINARY);
        assertThat(Files.readString(out.resolve(LONG_NAME))).isEqualTo("long");
        assertThat(Files.getAttribute(out.resolve("bin/tool"), "unix:ino"))
                .isEqualTo(Files.getAttribute(out.resolve("bin/tool-link"), "unix:ino"));
        assertThat(Files.getAttribute(out.resolve("bin/tool"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
        assertThat(out.resolve("bin/.wh.vi")).exists();
    }

    @Test
    void tellsDiffingThenFilesAndBytesWrittenUpToTheTotal() throws Exception {
        Path big = dir(tmp, "big");
        file(big, "data/a", "x".repeat(200_000));
        file(big, "data/b", "y".repeat(50_000));
        List<io.berth.engine.progress.Progress> told = new ArrayList<>();
        LayerTarWriter.write(big, new ByteArrayOutputStream(), told::add);

        assertThat(told.get(0).phase()).isEqualTo(LayerTarWriter.DIFFING);
        var written = told.stream().filter(p -> p.phase().equals(LayerTarWriter.WRITING_LAYER)).toList();
        assertThat(written).hasSizeGreaterThan(3); // per 64 KiB buffer, not just per file
        assertThat(written).extracting(io.berth.engine.progress.Progress::bytesDone).isSorted();
        var last = written.get(written.size() - 1);
        assertThat(last.bytesDone()).isEqualTo(250_000).isEqualTo(last.bytesTotal());
        assertThat(last.itemsDone()).isEqualTo(last.itemsTotal()).isEqualTo(3); // data/, data/a, data/b
    }

    @Test
    void emptyUpperGivesAnEmptyTar() throws Exception {
        Path empty = dir(tmp, "empty");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerTarWriter.Summary summary = LayerTarWriter.write(empty, out);
        assertThat(summary.entries()).isZero();
        assertThat(entries(out.toByteArray())).isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> found = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found.add(i);
        }
        return found.isEmpty() ? -1 : found.get(0);
    }
}
