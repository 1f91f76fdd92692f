package io.berth.engine.images.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.engine.content.LocalContentStore;
import io.berth.engine.images.ImageInspection;
import io.berth.engine.images.ImageUsage;
import io.berth.engine.images.LocalImageStore;
import io.berth.engine.images.OciJson;
import io.berth.engine.layers.ExtractOptions;
import io.berth.engine.layers.ExtractionReport;
import io.berth.engine.layers.SafeLayerExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against real tools: a busybox image built with umoci, written by skopeo as a docker
 * save tarball and an OCI archive, imported by Berth, unpacked, exported again and read
 * back by {@code skopeo inspect}. Needs skopeo, umoci, tar and /bin/busybox (busybox-static).
 */
class SkopeoArchiveIT {

    @TempDir
    static Path work;
    static Path dockerArchive;
    static Path ociArchive;

    @BeforeAll
    static void buildBusyboxWithUmociAndSkopeo() throws Exception {
        String script = """
                set -e
                mkdir -p rootfs/bin rootfs/etc rootfs/tmp && chmod 1777 rootfs/tmp && cp /bin/busybox rootfs/bin/
                for a in sh echo ls; do ln -sf busybox rootfs/bin/$a; done
                echo berth > rootfs/etc/hostname
                tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C rootfs -cf layer.tar .
                umoci init --layout oci && umoci new --image oci:latest
                umoci raw add-layer --image oci:latest layer.tar
                umoci config --image oci:latest --config.cmd /bin/sh --config.env PATH=/bin --architecture amd64 --os linux \
                  --author berth-it --history.created_by 'umoci raw add-layer'
                umoci gc --layout oci
                skopeo copy oci:oci:latest docker-archive:busybox.tar:busybox:latest
                skopeo copy oci:oci:latest oci-archive:busybox-oci.tar:127.0.0.1:5000/library/busybox:oci
                """;
        run(work, "/bin/sh", "-c", script);
        dockerArchive = work.resolve("busybox.tar");
        ociArchive = work.resolve("busybox-oci.tar");
    }

    static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
        return output;
    }

    private static LocalImageStore images(Path state, LocalContentStore content) throws IOException {
        return LocalImageStore.open(state.resolve("images"), content, ImageUsage.NONE);
    }

    @Test
    void importsSkopeosDockerArchiveUnpacksAndExportsWhatSkopeoAccepts(@TempDir Path state) throws Exception {
        LocalContentStore content = LocalContentStore.open(state.resolve("content"));
        LocalImageStore images = images(state, content);
        try (InputStream in = Files.newInputStream(dockerArchive)) {
            ImportResult result = new ArchiveImporter(content, images).importArchive(in, null);
            assertThat(result.images()).extracting(r -> r.name().toString()).containsExactly("docker.io/library/busybox:latest");
        }
        ImageInspection inspection = images.inspect("busybox");
        assertThat(inspection.config().containerConfig().cmd()).containsExactly("/bin/sh");
        assertThat(inspection.config().history()).anySatisfy(h -> assertThat(h.createdBy()).isEqualTo("umoci raw add-layer"));

        Path rootfs = Files.createDirectory(state.resolve("rootfs"));
        try (InputStream layer = content.open(inspection.manifest().layers().get(0).digest())) {
            ExtractionReport report = new SafeLayerExtractor().extract(layer, rootfs, ExtractOptions.flattened());
            assertThat(report.diffId()).isEqualTo(inspection.config().rootfs().diffIds().get(0));
        }
        assertThat(rootfs.resolve("bin/busybox")).isExecutable();
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(rootfs.resolve("etc/hostname")).hasContent("berth");
        assertThat(run(rootfs, rootfs.resolve("bin/busybox").toString(), "echo", "ran")).contains("ran");

        Path exported = state.resolve("exported-docker.tar");
        try (OutputStream out = Files.newOutputStream(exported)) {
            new ArchiveExporter(content, images).exportDockerArchive(List.of("busybox"), out);
        }
        JsonNode inspected = OciJson.mapper().readTree(run(state, "skopeo", "inspect", "docker-archive:" + exported));
        assertThat(inspected.get("Layers")).hasSize(1);
        assertThat(inspected.get("Layers").get(0).asText()).isEqualTo(inspection.config().rootfs().diffIds().get(0).toString());
        assertThat(inspected.get("Architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void importsSkopeosOciArchiveAndExportsOneSkopeoReads(@TempDir Path state) throws Exception {
        LocalContentStore content = LocalContentStore.open(state.resolve("content"));
        LocalImageStore images = images(state, content);
        try (InputStream in = Files.newInputStream(ociArchive)) {
            ImportResult result = new ArchiveImporter(content, images).importArchive(in, null);
            assertThat(result.images()).extracting(r -> r.name().toString())
                    .containsExactly("127.0.0.1:5000/library/busybox:oci");
        }
        ImageInspection inspection = images.inspect("127.0.0.1:5000/library/busybox:oci");

        Path exported = state.resolve("exported-oci.tar");
        try (OutputStream out = Files.newOutputStream(exported)) {
            new ArchiveExporter(content, images).exportOciArchive(List.of("127.0.0.1:5000/library/busybox:oci"), out);
        }
        JsonNode inspected = OciJson.mapper().readTree(run(state, "skopeo", "inspect", "oci-archive:" + exported));
        assertThat(inspected.get("Digest").asText()).isEqualTo(inspection.target().digest().toString());
        assertThat(inspected.get("Layers").get(0).asText())
                .isEqualTo(inspection.manifest().layers().get(0).digest().toString());

        // and skopeo can copy our export back into a docker archive, which Berth imports again
        run(state, "skopeo", "copy", "oci-archive:" + exported, "docker-archive:" + state.resolve("again.tar") + ":again:1");
        LocalContentStore otherContent = LocalContentStore.open(state.resolve("other"));
        LocalImageStore other = images(state.resolve("other-images"), otherContent);
        try (InputStream in = Files.newInputStream(state.resolve("again.tar"))) {
            new ArchiveImporter(otherContent, other).importArchive(in, null);
        }
        assertThat(other.resolve("again:1").imageId()).isEqualTo(inspection.id());
    }
}
