package io.berth.engine.images.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.content.Digest;
import io.berth.engine.content.LocalContentStore;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.ImageIndex;
import io.berth.engine.images.ImageInspection;
import io.berth.engine.images.ImageUsage;
import io.berth.engine.images.LocalImageStore;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.images.OciJson;
import io.berth.engine.images.RootFs;
import io.berth.engine.layers.TarBuilder;
import io.berth.engine.progress.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built in memory: docker save and OCI, plain, gzip and zstd layers, and broken ones. */
class ArchiveRoundTripTest {

    @TempDir
    Path state;
    LocalContentStore content;
    LocalImageStore images;
    ArchiveImporter importer;
    ArchiveExporter exporter;

    final byte[] layer0 = new TarBuilder().dir("bin").file("bin/busybox", "elf").build();
    final byte[] layer1 = new TarBuilder().dir("etc").file("etc/hostname", "berth").build();

    @BeforeEach
    void setUp() throws IOException {
        content = LocalContentStore.open(state.resolve("content"));
        images = LocalImageStore.open(state.resolve("images"), content, ImageUsage.NONE);
        importer = new ArchiveImporter(content, images);
        exporter = new ArchiveExporter(content, images);
    }

    private static byte[] config(List<Digest> diffIds) {
        return OciJson.write(new ImageConfig(null, "me", "amd64", "linux", null, null, RootFs.layers(diffIds), List.of()));
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            tar.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private byte[] dockerSave(byte[] firstLayerBlob, byte[] configBytes) throws IOException {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("aaa/layer.tar", firstLayerBlob);
        files.put("bbb/layer.tar", layer1);
        files.put("cfg.json", configBytes);
        files.put("manifest.json", ("[{\"Config\":\"cfg.json\",\"RepoTags\":[\"busybox:latest\",\"localhost:5000/bb:1\"],"
                + "\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        return tar(files);
    }

    @Test
    void importsDockerSaveWithAGzipLayer() throws IOException {
        byte[] archive = dockerSave(TarBuilder.gzip(layer0), config(List.of(Digest.of(layer0), Digest.of(layer1))));
        ImportResult result = importer.importArchive(new ByteArrayInputStream(archive), null);
        assertThat(result.images()).extracting(r -> r.name().toString())
                .containsExactly("docker.io/library/busybox:latest", "localhost:5000/bb:1");
        ImageInspection inspection = images.inspect("busybox");
        assertThat(inspection.manifest().layers()).extracting(Descriptor::mediaType)
                .containsExactly(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER);
        assertThat(inspection.config().author()).isEqualTo("me");
    }

    @Test
    void tellsBytesReceivedThenLayersVerified() throws IOException {
        byte[] archive = dockerSave(TarBuilder.gzip(layer0), config(List.of(Digest.of(layer0), Digest.of(layer1))));
        List<Progress> told = new ArrayList<>();
        importer.importArchive(new ByteArrayInputStream(archive), null, archive.length, told::add);

        var received = told.stream().filter(p -> p.phase().equals(ArchiveImporter.RECEIVING)).toList();
        assertThat(received).extracting(Progress::bytesDone).isSorted();
        assertThat(received).allSatisfy(p -> assertThat(p.bytesTotal()).isEqualTo(archive.length));
        assertThat(received.get(received.size() - 1).bytesDone()).isEqualTo(archive.length);
        assertThat(received.get(received.size() - 1).itemsDone()).isEqualTo(4); // two layers, config, manifest.json
        var verified = told.stream().filter(p -> p.phase().equals(ArchiveImporter.VERIFYING_LAYERS)).toList();
        assertThat(verified).extracting(Progress::itemsDone).containsExactly(0, 1, 2);
        assertThat(verified).allSatisfy(p -> assertThat(p.itemsTotal()).isEqualTo(2));
        assertThat(told.indexOf(verified.get(0))).isGreaterThan(told.indexOf(received.get(received.size() - 1)));
    }

    @Test
    void refusesALayerWhoseContentDiffersFromItsDiffIdAndNamesIt() throws IOException {
        Digest wrong = Digest.of("not the layer".getBytes());
        byte[] archive = dockerSave(layer0, config(List.of(Digest.of(layer0), wrong)));
        assertThatThrownBy(() -> importer.importArchive(new ByteArrayInputStream(archive), null))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("layer 1 (" + Digest.of(layer1) + ")")
                .hasMessageContaining("diff_id is " + wrong);
        assertThat(images.list()).isEmpty();
    }

    @Test
    void refusesAnArchiveMissingALayer() throws IOException {
        Map<String, byte[]> files = Map.of("cfg.json", config(List.of(Digest.of(layer0))),
                "manifest.json", "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"gone/layer.tar\"]}]".getBytes());
        assertThatThrownBy(() -> importer.importArchive(new ByteArrayInputStream(tar(Map.copyOf(files))), null))
                .hasMessageContaining("archive lacks layer \"gone/layer.tar\"");
    }

    @Test
    void refusesSomethingElse() {
        assertThatThrownBy(() -> importer.importArchive(new ByteArrayInputStream(tar(Map.of("x", new byte[1]))), null))
                .hasMessageContaining("neither a docker save tarball");
    }

    @Test
    void importsAnOciArchiveWithAZstdLayerNamedByTag() throws IOException {
        byte[] zstdLayer = TarBuilder.zstd(layer0);
        byte[] configBytes = config(List.of(Digest.of(layer0)));
        Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.of(configBytes), configBytes.length),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER_ZSTD, Digest.of(zstdLayer), zstdLayer.length)));
        byte[] manifestBytes = OciJson.write(manifest);
        byte[] index = OciJson.write(ImageIndex.oci(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(manifestBytes),
                manifestBytes.length).withAnnotations(Map.of("org.opencontainers.image.ref.name", "v1")))));
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        files.put("index.json", index);
        for (byte[] blob : List.of(zstdLayer, configBytes, manifestBytes)) {
            files.put("blobs/sha256/" + Digest.of(blob).hex(), blob);
        }
        ImportResult result = importer.importArchive(new ByteArrayInputStream(TarBuilder.gzip(tar(files))), "localhost/app");
        assertThat(result.images()).extracting(r -> r.name().toString()).containsExactly("localhost/app:v1");
        assertThat(images.inspect("localhost/app:v1").manifest()).isEqualTo(manifest);

        ImportResult withoutRepository = importer.importArchive(new ByteArrayInputStream(tar(files)), null);
        assertThat(withoutRepository.images()).isEmpty();
        assertThat(withoutRepository.unnamed()).extracting(Descriptor::digest).containsExactly(Digest.of(manifestBytes));
    }

    @Test
    void exportsAndReimportsBothFormats() throws IOException {
        importer.importArchive(new ByteArrayInputStream(
                dockerSave(TarBuilder.gzip(layer0), config(List.of(Digest.of(layer0), Digest.of(layer1))))), null);
        Digest id = images.resolve("busybox").imageId();

        ByteArrayOutputStream docker = new ByteArrayOutputStream();
        exporter.exportDockerArchive(List.of("busybox", "localhost:5000/bb:1"), docker);
        List<String> names = entryNames(docker.toByteArray());
        assertThat(names).contains("manifest.json", "repositories", id.hex() + ".json");
        assertThat(names.stream().filter(n -> n.endsWith("/layer.tar"))).hasSize(2);

        ByteArrayOutputStream oci = new ByteArrayOutputStream();
        exporter.exportOciArchive(List.of("busybox"), oci);
        assertThat(entryNames(oci.toByteArray())).contains("oci-layout", "index.json");

        for (byte[] archive : List.of(docker.toByteArray(), oci.toByteArray())) {
            LocalContentStore otherContent = LocalContentStore.open(state.resolve("other-" + archive.length));
            LocalImageStore other = LocalImageStore.open(state.resolve("other-images-" + archive.length), otherContent,
                    ImageUsage.NONE);
            new ArchiveImporter(otherContent, other).importArchive(new ByteArrayInputStream(archive), null);
            assertThat(other.resolve("busybox").imageId()).isEqualTo(id);
            ImageContent graph = new ImageContent(otherContent);
            Manifest manifest = graph.manifest(other.resolve("busybox").target());
            assertThat(manifest.layers()).hasSize(2);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        exporter.exportDockerArchive(List.of("busybox", "localhost:5000/bb:1"), again);
        assertThat(again.toByteArray()).as("exports are reproducible").isEqualTo(docker.toByteArray());
    }

    @Test
    void exportsADanglingImageByIdWithoutNames() throws IOException {
        importer.importArchive(new ByteArrayInputStream(
                dockerSave(TarBuilder.gzip(layer0), config(List.of(Digest.of(layer0), Digest.of(layer1))))), null);
        Digest id = images.resolve("busybox").imageId();
        images.remove("localhost:5000/bb:1", false);
        importer.importArchive(new ByteArrayInputStream(
                dockerSave(layer0, OciJson.write(new ImageConfig(null, "someone else", "amd64", "linux", null, null,
                        RootFs.layers(List.of(Digest.of(layer0), Digest.of(layer1))), List.of())))), null);
        assertThat(images.resolve(id.toString()).isDangling()).as("busybox:latest moved away").isTrue();

        ByteArrayOutputStream docker = new ByteArrayOutputStream();
        exporter.exportDockerArchive(List.of(id.shortHex()), docker);
        assertThat(new String(entry(docker.toByteArray(), "manifest.json"), StandardCharsets.UTF_8))
                .contains("\"RepoTags\":[]");
        ByteArrayOutputStream oci = new ByteArrayOutputStream();
        exporter.exportOciArchive(List.of(id.toString()), oci);
        ImageIndex index = OciJson.read(entry(oci.toByteArray(), "index.json"), ImageIndex.class, "index");
        assertThat(index.manifests()).singleElement().satisfies(d -> assertThat(d.annotations()).isNullOrEmpty());
    }

    private static byte[] entry(byte[] archive, String name) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name + " in the archive");
    }

    private static List<String> entryNames(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

}
