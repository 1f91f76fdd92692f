package io.berth.engine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.content.ContentInfo;
import io.berth.engine.content.Digest;
import io.berth.engine.content.GarbageCollector;
import io.berth.engine.content.LocalContentStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageStoreTest {

    @TempDir
    Path state;
    LocalContentStore content;
    final Map<Digest, List<String>> containers = new HashMap<>();
    LocalImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        content = LocalContentStore.open(state.resolve("content"));
        store = LocalImageStore.open(state.resolve("images"), content, id -> containers.getOrDefault(id, List.of()));
    }

    /** Stores a one-layer image and returns its manifest descriptor. */
    private Descriptor image(String layerText) throws IOException {
        ContentInfo layer = content.ingest(layerText.getBytes());
        ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, null,
                RootFs.layers(List.of(layer.digest())), List.of());
        ContentInfo configBlob = content.ingest(OciJson.write(config));
        Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size()),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, layer.digest(), layer.size())));
        ContentInfo manifestBlob = content.ingest(OciJson.write(manifest));
        return Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size());
    }

    private static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    @Test
    void putGetListAndReopen() throws IOException {
        Descriptor target = image("layer-a");
        ImageRecord record = store.put(ref("busybox"), target);
        assertThat(record.imageId()).isNotNull();
        assertThat(store.get(ref("docker.io/library/busybox:latest"))).contains(record);
        LocalImageStore reopened = LocalImageStore.open(state.resolve("images"), content, ImageUsage.NONE);
        assertThat(reopened.list()).containsExactly(record);
    }

    @Test
    void putRefusesATargetTheContentStoreLacks() throws IOException {
        Descriptor missing = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of("nothing".getBytes()), 7);
        assertThatThrownBy(() -> store.put(ref("busybox"), missing)).hasMessageContaining("not found");
    }

    @Test
    void resolvesByNameFullIdAndShortId() throws IOException {
        ImageRecord record = store.put(ref("busybox"), image("l"));
        assertThat(store.resolve("busybox:latest")).isEqualTo(record);
        assertThat(store.resolve(record.imageId().toString())).isEqualTo(record);
        assertThat(store.resolve(record.imageId().shortHex())).isEqualTo(record);
        assertThatThrownBy(() -> store.resolve("nginx")).isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("no such image: nginx");
    }

    @Test
    void tagAndUntag() throws IOException {
        ImageRecord original = store.put(ref("busybox"), image("l"));
        ImageRecord tagged = store.tag("busybox", ref("localhost:5000/tools/bb:v1"));
        assertThat(tagged.imageId()).isEqualTo(original.imageId());
        ImageInspection inspection = store.inspect("busybox");
        assertThat(inspection.repoTags()).containsExactlyInAnyOrder("busybox:latest", "localhost:5000/tools/bb:v1");
        assertThat(inspection.repoDigests()).contains("busybox@" + original.target().digest());
        assertThat(inspection.config().rootfs().diffIds()).hasSize(1);
        assertThat(inspection.size()).isPositive();
        store.untag(ref("busybox"));
        assertThat(store.list()).extracting(r -> r.name().toString()).containsExactly("localhost:5000/tools/bb:v1");
        assertThatThrownBy(() -> store.untag(ref("busybox"))).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void removingOneOfSeveralNamesOnlyUntags() throws IOException {
        store.put(ref("busybox"), image("l"));
        store.tag("busybox", ref("mine:1"));
        RemovalReport report = store.remove("busybox", false);
        assertThat(report.untagged()).containsExactly(ref("busybox"));
        assertThat(report.deleted()).isNull();
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void removingByIdWithSeveralNamesNeedsForce() throws IOException {
        ImageRecord record = store.put(ref("busybox"), image("l"));
        store.tag("busybox", ref("mine:1"));
        assertThatThrownBy(() -> store.remove(record.imageId().toString(), false))
                .isInstanceOf(ImageConflictException.class).hasMessageContaining("referenced in multiple repositories");
        RemovalReport report = store.remove(record.imageId().toString(), true);
        assertThat(report.untagged()).hasSize(2);
        assertThat(report.deleted()).isEqualTo(record.imageId());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void removeRefusesAnImageAContainerUsesUnlessForced() throws IOException {
        ImageRecord record = store.put(ref("busybox"), image("l"));
        containers.put(record.imageId(), List.of("c0ffee"));
        assertThatThrownBy(() -> store.remove("busybox", false))
                .isInstanceOf(ImageConflictException.class)
                .hasMessageContaining("used by container c0ffee");
        assertThat(store.list()).hasSize(1);
        assertThat(store.remove("busybox", true).deleted()).isEqualTo(record.imageId());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void garbageCollectionFromImageRootsKeepsTaggedImagesOnly() throws IOException {
        Descriptor kept = image("kept-layer");
        Descriptor dropped = image("dropped-layer");
        store.put(ref("kept"), kept);
        store.put(ref("dropped"), dropped);
        store.remove("dropped", false);
        ImageContent graph = new ImageContent(content);
        GarbageCollector.Report report = new GarbageCollector(content, graph, Duration.ZERO,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))).collect(store.roots());
        assertThat(report.removed()).hasSize(3); // manifest, config, layer of "dropped"
        List<Digest> left = new ArrayList<>();
        content.list().forEach(i -> left.add(i.digest()));
        Manifest manifest = graph.manifest(kept);
        assertThat(left).containsExactlyInAnyOrder(kept.digest(), manifest.config().digest(),
                manifest.layers().get(0).digest());
    }
    @Test
    void putDanglingKeepsAnImageKnownOnlyByIdAcrossReopen() throws IOException {
        Descriptor target = image("committed-layer");
        ImageRecord record = store.putDangling(target);
        assertThat(record.isDangling()).isTrue();
        assertThat(record.name()).isNull();
        assertThat(store.list()).containsExactly(record);
        assertThat(store.roots()).containsExactly(target.digest());
        LocalImageStore reopened = LocalImageStore.open(state.resolve("images"), content, ImageUsage.NONE);
        assertThat(reopened.list()).containsExactly(record);
        assertThat(reopened.resolve(record.imageId().toString())).isEqualTo(record);
    }

    @Test
    void aDanglingImageResolvesByFullIdAndPrefixAndInspectsWithoutNames() throws IOException {
        ImageRecord record = store.putDangling(image("l"));
        assertThat(store.resolve(record.imageId().toString())).isEqualTo(record);
        assertThat(store.resolve(record.imageId().shortHex())).isEqualTo(record);
        assertThat(store.resolve(record.imageId().hex().substring(0, 4))).isEqualTo(record);
        ImageInspection inspection = store.inspect(record.imageId().shortHex());
        assertThat(inspection.id()).isEqualTo(record.imageId());
        assertThat(inspection.repoTags()).isEmpty();
        assertThat(inspection.repoDigests()).isEmpty();
    }

    @Test
    void putDanglingOfANamedImageChangesNothing() throws IOException {
        Descriptor target = image("l");
        ImageRecord named = store.put(ref("busybox"), target);
        assertThat(store.putDangling(target)).isEqualTo(named);
        assertThat(store.list()).containsExactly(named);
    }

    @Test
    void movingTheLastNameAwayLeavesTheOldImageDangling() throws IOException {
        ImageRecord old = store.put(ref("app:v1"), image("old"));
        ImageRecord moved = store.put(ref("app:v1"), image("new"));
        assertThat(moved.imageId()).isNotEqualTo(old.imageId());
        List<ImageRecord> listed = store.list();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0)).isEqualTo(moved);
        assertThat(listed.get(1).isDangling()).isTrue();
        assertThat(listed.get(1).imageId()).isEqualTo(old.imageId());
        assertThat(listed.get(1).target()).isEqualTo(old.target());
        assertThat(store.roots()).containsExactlyInAnyOrder(old.target().digest(), moved.target().digest());
    }

    @Test
    void movingOneOfSeveralNamesAwayLeavesNothingDangling() throws IOException {
        store.put(ref("app:v1"), image("old"));
        store.tag("app:v1", ref("app:stable"));
        store.put(ref("app:v1"), image("new"));
        assertThat(store.list()).noneMatch(ImageRecord::isDangling).hasSize(2);
    }

    @Test
    void tagMovingANameAlsoLeavesTheOldImageDangling() throws IOException {
        ImageRecord old = store.put(ref("app:latest"), image("old"));
        store.put(ref("other"), image("new"));
        store.tag("other", ref("app:latest"));
        assertThat(store.resolve(old.imageId().toString()).isDangling()).isTrue();
    }

    @Test
    void namingADanglingImageMakesItNamed() throws IOException {
        ImageRecord dangling = store.putDangling(image("l"));
        ImageRecord named = store.tag(dangling.imageId().shortHex(), ref("app:v2"));
        assertThat(named.imageId()).isEqualTo(dangling.imageId());
        assertThat(store.list()).containsExactly(named);
        assertThat(store.resolve(dangling.imageId().toString())).isEqualTo(named);
    }

    @Test
    void aDanglingImageIsRemovedByIdUnlessAContainerUsesIt() throws IOException {
        ImageRecord record = store.putDangling(image("l"));
        containers.put(record.imageId(), List.of("c0ffee"));
        assertThatThrownBy(() -> store.remove(record.imageId().shortHex(), false))
                .isInstanceOf(ImageConflictException.class).hasMessageContaining("c0ffee");
        containers.clear();
        RemovalReport report = store.remove(record.imageId().shortHex(), false);
        assertThat(report.untagged()).isEmpty();
        assertThat(report.deleted()).isEqualTo(record.imageId());
        assertThat(store.list()).isEmpty();
        assertThat(store.roots()).isEmpty();
        assertThatThrownBy(() -> store.resolve(record.imageId().toString())).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void garbageCollectionKeepsDanglingImages() throws IOException {
        Descriptor dangling = image("dangling-layer");
        store.putDangling(dangling);
        image("unrecorded-layer");
        GarbageCollector.Report report = new GarbageCollector(content, new ImageContent(content), Duration.ZERO,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))).collect(store.roots());
        assertThat(report.removed()).hasSize(3); // only the unrecorded image's blobs
        assertThat(content.exists(dangling.digest())).isTrue();
    }
}
