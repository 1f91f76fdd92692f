package io.berth.engine.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.content.ContentInfo;
import io.berth.engine.content.Digest;
import io.berth.engine.content.LocalContentStore;
import io.berth.engine.images.Descriptor;
import io.berth.engine.content.GarbageCollector;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageInspection;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageReference;
import io.berth.engine.images.ImageUsage;
import io.berth.engine.images.LocalImageStore;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.images.OciJson;
import io.berth.engine.layers.SafeLayerExtractor;
import io.berth.engine.snapshots.Change;
import io.berth.engine.snapshots.ImageUnpacker;
import io.berth.engine.snapshots.OverlaySnapshotter;
import io.berth.engine.snapshots.Snapshot;
import io.berth.engine.snapshots.SnapshotInfo;
import io.berth.engine.snapshots.SnapshotKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busybox image built with umoci (as RECIPES.md shows), imported into the content and
 * image stores, unpacked, run (files written straight into the mounted rootfs, as a
 * container would), committed, and the new image checked and run again. Mounts: root only.
 */
class CommitEndToEndIT {

    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path tmp;
    LocalContentStore content;
    LocalImageStore images;
    OverlaySnapshotter snapshotter;
    ImageUnpacker unpacker;
    ContainerCommitter committer;

    @BeforeEach
    void engine() throws Exception {
        content = LocalContentStore.open(tmp.resolve("content"));
        images = LocalImageStore.open(tmp.resolve("images"), content, ImageUsage.NONE);
        snapshotter = new OverlaySnapshotter(tmp.resolve("snapshots"));
        unpacker = new ImageUnpacker(content, new SafeLayerExtractor(), snapshotter);
        committer = new ContainerCommitter(content, images, snapshotter, Clock.fixed(NOW, ZoneOffset.UTC));
        importOciLayout(buildBusybox(), ImageReference.parse("busybox:latest"));
    }

    @AfterEach
    void unmountEverything() throws IOException {
        for (SnapshotInfo info : snapshotter.list()) {
            if (info.kind() != SnapshotKind.COMMITTED) {
                snapshotter.remove(info.key());
            }
        }
    }

    @Test
    void aPlainLayersDiffIdIsTheDigestOfItsTarAsStored() throws Exception {
        ImageInspection busybox = images.inspect("busybox");
        Snapshot container = snapshotter.prepare("plain", unpacker.unpack(busybox.manifest(), busybox.config()));
        Files.writeString(container.rootfs().resolve("plain.txt"), "plain\n");

        CommitResult result = committer.commit(CommitRequest.of("plain", "busybox", "plain").withGzip(false));

        byte[] tar = content.readAll(result.layer().digest());
        assertThat(result.layer().mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(result.diffId()).isEqualTo(Digest.of(tar)).isEqualTo(result.layer().digest());
        try (TarArchiveInputStream entries = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            List<String> names = new ArrayList<>();
            for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                names.add(entry.getName());
            }
            assertThat(names).contains("plain.txt");
        }
    }

    @Test
    void commitAddsALayerWithTheContainersChangesAndAHistoryEntry() throws Exception {
        ImageInspection busybox = images.inspect("busybox");
        String top = unpacker.unpack(busybox.manifest(), busybox.config());
        Snapshot container = snapshotter.prepare("c1", top);
        Files.writeString(container.rootfs().resolve("hello.txt"), "hello from c1\n");
        Files.delete(container.rootfs().resolve("bin/hostname"));
        assertThat(snapshotter.diff("c1")).extracting(Change::toString)
                .containsExactly("C /bin", "D /bin/hostname", "A /hello.txt");

        CommitResult result = committer.commit(CommitRequest.of("c1", "busybox", "/bin/sh -c echo hello > /hello.txt")
                .withAuthor("Ann <ann@example.com>", "add hello")
                .withChanges(List.of("CMD cat /hello.txt", "ENV GREETING=hi", "LABEL stage=test"))
                .withTag(ImageReference.parse("berth-test/hello:v1")));

        // The image record, its config and its parent.
        ImageInspection committed = images.inspect("berth-test/hello:v1");
        assertThat(committed.id()).isEqualTo(result.imageId());
        assertThat(result.parentImageId()).isEqualTo(busybox.id());
        assertThat(committed.config().rootfs().diffIds()).hasSize(busybox.config().rootfs().diffIds().size() + 1)
                .endsWith(result.diffId());
        assertThat(committed.config().author()).isEqualTo("Ann <ann@example.com>");
        assertThat(committed.config().containerConfig().cmd()).containsExactly("/bin/sh", "-c", "cat /hello.txt");
        assertThat(committed.config().containerConfig().env()).containsExactly("PATH=/bin", "GREETING=hi");
        assertThat(committed.config().containerConfig().labels()).containsEntry("stage", "test");
        JsonNode rawConfig = OciJson.mapper().readTree(content.readAll(result.imageId()));
        assertThat(rawConfig.get("parent").asText()).isEqualTo(busybox.id().toString());
        assertThat(committed.manifest().annotations())
                .containsEntry(ContainerCommitter.BASE_DIGEST_ANNOTATION, busybox.target().digest().toString())
                .containsEntry(ContainerCommitter.BASE_NAME_ANNOTATION, "busybox:latest");

        // docker history: the new step on top, with author and comment.
        List<HistoryRow> history = new ImageHistory(images).of("berth-test/hello:v1");
        HistoryRow newest = history.get(0);
        assertThat(newest.imageId()).isEqualTo(result.imageId());
        assertThat(newest.createdBy()).isEqualTo("/bin/sh -c echo hello > /hello.txt");
        assertThat(newest.author()).isEqualTo("Ann <ann@example.com>");
        assertThat(newest.comment()).isEqualTo("add hello");
        assertThat(newest.created()).isEqualTo(NOW);
        assertThat(newest.diffId()).isEqualTo(result.diffId());
        assertThat(newest.size()).isEqualTo(result.layer().size());
        assertThat(history).hasSize(busybox.config().history().size() + 1);

        // The layer: the new file, and the deletion as an OCI whiteout.
        List<String> names = layerEntries(result.layer());
        assertThat(names).contains("hello.txt", "bin/", "bin/.wh.hostname").doesNotContain("bin/busybox");

        // A second container on the new image sees the file and not the deleted one.
        String newTop = unpacker.unpack(committed.manifest(), committed.config());
        assertThat(newTop).isEqualTo(result.chainId());
        Snapshot second = snapshotter.prepare("c2", newTop);
        assertThat(Files.readString(second.rootfs().resolve("hello.txt"))).isEqualTo("hello from c1\n");
        assertThat(Files.exists(second.rootfs().resolve("bin/hostname"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(second.rootfs().resolve("bin/busybox")).isRegularFile();
        assertThat(snapshotter.diff("c2")).isEmpty();
    }

    @Test
    void sameChangesGiveTheSameLayer() throws Exception {
        ImageInspection busybox = images.inspect("busybox");
        String top = unpacker.unpack(busybox.manifest(), busybox.config());
        List<Digest> diffIds = new ArrayList<>();
        List<Digest> blobs = new ArrayList<>();
        for (String key : List.of("a", "b")) {
            Snapshot container = snapshotter.prepare(key, top);
            Path file = container.rootfs().resolve("same.txt");
            Files.writeString(file, "same");
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(NOW));
            Files.setLastModifiedTime(container.rootfs(), java.nio.file.attribute.FileTime.from(NOW));
            CommitResult result = committer.commit(CommitRequest.of(key, "busybox", "touch same.txt"));
            diffIds.add(result.diffId());
            blobs.add(result.layer().digest());
        }
        assertThat(diffIds.get(0)).isEqualTo(diffIds.get(1));
        assertThat(blobs.get(0)).isEqualTo(blobs.get(1));
    }

    @Test
    void anUntaggedCommitIsKeptAsADanglingImageThroughGarbageCollection() throws Exception {
        ImageInspection busybox = images.inspect("busybox");
        Snapshot container = snapshotter.prepare("c1", unpacker.unpack(busybox.manifest(), busybox.config()));
        Files.writeString(container.rootfs().resolve("untagged.txt"), "kept\n");

        CommitResult result = committer.commit(CommitRequest.of("c1", "busybox", "touch untagged.txt"));
        assertThat(result.record()).isNotNull();
        assertThat(result.record().isDangling()).isTrue();
        assertThat(result.record().imageId()).isEqualTo(result.imageId());
        assertThat(images.list()).extracting(ImageRecord::isDangling).containsExactly(false, true);
        assertThat(images.inspect(result.imageId().shortHex()).repoTags()).isEmpty();
        assertThat(new ImageHistory(images).of(result.imageId().toString()).get(0).imageId()).isEqualTo(result.imageId());

        GarbageCollector.Report gc = new GarbageCollector(content, new ImageContent(content), Duration.ZERO,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))).collect(images.roots());
        assertThat(gc.removed()).doesNotContain(result.manifest().digest(), result.imageId(), result.layer().digest());
        assertThat(content.exists(result.layer().digest())).isTrue();

        // A commit of a container made from the dangling image names no base image.
        ImageInspection dangling = images.inspect(result.imageId().toString());
        snapshotter.prepare("c2", unpacker.unpack(dangling.manifest(), dangling.config()));
        CommitResult child = committer.commit(CommitRequest.of("c2", result.imageId().shortHex(), "sh")
                .withTag(ImageReference.parse("berth-test/child:v1")));
        assertThat(child.parentImageId()).isEqualTo(result.imageId());
        assertThat(images.inspect("berth-test/child:v1").manifest().annotations())
                .containsKey(ContainerCommitter.BASE_DIGEST_ANNOTATION)
                .doesNotContainKey(ContainerCommitter.BASE_NAME_ANNOTATION);
    }

    @Test
    void badChangeWritesNothing() throws Exception {
        ImageInspection busybox = images.inspect("busybox");
        snapshotter.prepare("c1", unpacker.unpack(busybox.manifest(), busybox.config()));
        long before = countBlobs();
        assertThatThrownBy(() -> committer.commit(CommitRequest.of("c1", "busybox", "sh")
                .withChanges(List.of("VOLUME /data"))))
                .isInstanceOf(InvalidChangeException.class).hasMessageContaining("VOLUME");
        assertThat(countBlobs()).isEqualTo(before);
    }

    @Test
    void refusesASnapshotOfAnotherImage() throws Exception {
        snapshotter.prepare("scratch", null);
        assertThatThrownBy(() -> committer.commit(CommitRequest.of("scratch", "busybox", "sh")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not sit on image busybox");
    }

    private long countBlobs() throws IOException {
        try (var files = Files.walk(tmp.resolve("content"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private List<String> layerEntries(Descriptor layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream blob = content.open(layer.digest());
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(blob))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /** RECIPES.md's busybox image, as an OCI layout made by umoci. */
    private Path buildBusybox() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("busybox"));
        String script = String.join("\n",
                "set -e",
                "mkdir -p rootfs/bin rootfs/etc rootfs/tmp && chmod 1777 rootfs/tmp && cp /bin/busybox rootfs/bin/",
                "for a in sh echo sleep cat ls hostname; do ln -sf busybox rootfs/bin/$a; done",
                "tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C rootfs -cf layer.tar .",
                "umoci init --layout oci && umoci new --image oci:latest",
                "umoci raw add-layer --image oci:latest layer.tar",
                "umoci config --image oci:latest --config.cmd /bin/sh --config.env PATH=/bin --architecture amd64 --os linux",
                "umoci gc --layout oci");
        Process process = new ProcessBuilder("bash", "-c", script).directory(work.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return work.resolve("oci");
    }

    /** Copies every blob of an OCI layout into the content store and names its (single) manifest. */
    private void importOciLayout(Path layout, ImageReference name) throws IOException {
        try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Digest digest = Digest.parse("sha256:" + blob.getFileName());
                try (InputStream in = Files.newInputStream(blob)) {
                    ContentInfo info = content.ingest("import-" + digest.hex(), in, Files.size(blob), digest);
                    assertThat(info.digest()).isEqualTo(digest);
                }
            }
        }
        JsonNode index = OciJson.mapper().readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = index.get("manifests").get(0);
        Descriptor target = Descriptor.of(manifest.get("mediaType").asText(),
                Digest.parse(manifest.get("digest").asText()), manifest.get("size").asLong());
        OciJson.read(content.readAll(target.digest()), Manifest.class, "imported manifest");
        images.put(name, target);
    }
}
