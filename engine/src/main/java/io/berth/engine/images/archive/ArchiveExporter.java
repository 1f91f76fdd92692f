package io.berth.engine.images.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageIndex;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageStore;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.images.OciJson;
import io.berth.engine.layers.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes images as a {@code docker save} tarball or an OCI archive. Entries have fixed
 * times and owners, so exporting the same images twice gives the same bytes.
 */
public final class ArchiveExporter {

    private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);

    private final ContentProvider content;
    private final ImageStore images;
    private final ImageContent imageContent;

    public ArchiveExporter(ContentProvider content, ImageStore images) {
        this.content = content;
        this.images = images;
        this.imageContent = new ImageContent(content);
    }

    /**
     * The {@code docker save} format: {@code manifest.json}, {@code repositories}, the
     * config as {@code <hex>.json}, and each layer uncompressed as {@code <v1 id>/layer.tar}
     * (with {@code VERSION} and {@code json}), where the v1 id is the layer's chain id.
     */
    public void exportDockerArchive(List<String> namesOrIds, OutputStream out) throws IOException {
        Map<Digest, List<ImageRecord>> byId = group(namesOrIds);
        try (TarArchiveOutputStream tar = newTar(out)) {
            List<Map<String, Object>> manifestJson = new ArrayList<>();
            Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
            Set<String> written = new HashSet<>();
            for (List<ImageRecord> records : byId.values()) {
                Manifest manifest = imageContent.manifest(records.get(0).target());
                ImageConfig config = imageContent.config(manifest);
                String configName = manifest.config().digest().hex() + ".json";
                if (written.add(configName)) {
                    writeBlob(tar, configName, manifest.config().digest(), manifest.config().size());
                }
                List<String> layerNames = new ArrayList<>();
                String parent = null;
                Digest chain = null;
                for (int i = 0; i < manifest.layers().size(); i++) {
                    Digest diffId = config.rootfs().diffIds().get(i);
                    chain = chain == null ? diffId : Digest.of((chain + " " + diffId).getBytes(StandardCharsets.UTF_8));
                    String v1Id = chain.hex();
                    if (written.add(v1Id)) {
                        writeBytes(tar, v1Id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                        ObjectNode v1 = OciJson.mapper().createObjectNode().put("id", v1Id);
                        if (parent != null) {
                            v1.put("parent", parent);
                        }
                        writeBytes(tar, v1Id + "/json", OciJson.write(v1));
                        writeUncompressedLayer(tar, v1Id + "/layer.tar", manifest.layers().get(i).digest());
                    }
                    layerNames.add(v1Id + "/layer.tar");
                    parent = v1Id;
                }
                List<String> repoTags = new ArrayList<>();
                for (ImageRecord record : records) {
                    // a dangling image is saved with "RepoTags": [], as docker save does
                    if (!record.isDangling() && record.name().tag() != null) {
                        repoTags.add(record.name().familiarString());
                        if (parent != null) {
                            repositories.computeIfAbsent(record.name().familiarName(), k -> new LinkedHashMap<>())
                                    .put(record.name().tag(), parent);
                        }
                    }
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Config", configName);
                entry.put("RepoTags", repoTags);
                entry.put("Layers", layerNames);
                manifestJson.add(entry);
            }
            writeBytes(tar, "manifest.json", OciJson.write(manifestJson));
            writeBytes(tar, "repositories", OciJson.write(repositories));
        }
    }

    /**
     * The OCI image layout in a tar: {@code oci-layout}, {@code index.json} naming each
     * image ({@code org.opencontainers.image.ref.name} = tag, {@code io.containerd.image.name}
     * = full name) and {@code blobs/sha256/…} as stored (layers keep their compression).
     */
    public void exportOciArchive(List<String> namesOrIds, OutputStream out) throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        for (List<ImageRecord> group : group(namesOrIds).values()) {
            records.addAll(group);
        }
        try (TarArchiveOutputStream tar = newTar(out)) {
            writeBytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            Set<Digest> written = new HashSet<>();
            List<Descriptor> entries = new ArrayList<>();
            for (ImageRecord record : records) {
                writeTree(tar, record.target(), written);
                Map<String, String> annotations = new LinkedHashMap<>();
                if (!record.isDangling()) {
                    annotations.put(ArchiveImporter.CONTAINERD_NAME, record.name().toString());
                    if (record.name().tag() != null) {
                        annotations.put(ArchiveImporter.OCI_REF_NAME, record.name().tag());
                    }
                }
                entries.add(Descriptor.of(record.target().mediaType(), record.target().digest(), record.target().size())
                        .withAnnotations(annotations));
            }
            writeBytes(tar, "index.json", OciJson.write(ImageIndex.oci(entries)));
        }
    }

    /** Groups the named images by image id, keeping every name asked for. */
    private Map<Digest, List<ImageRecord>> group(List<String> namesOrIds) throws IOException {
        Map<Digest, List<ImageRecord>> byId = new LinkedHashMap<>();
        for (String nameOrId : namesOrIds) {
            ImageRecord record = images.resolve(nameOrId);
            List<ImageRecord> names = byId.computeIfAbsent(record.imageId(), k -> new ArrayList<>());
            if (!names.contains(record)) {
                names.add(record);
            }
        }
        return byId;
    }

    private void writeTree(TarArchiveOutputStream tar, Descriptor descriptor, Set<Digest> written) throws IOException {
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            ImageIndex index = OciJson.read(content.readAll(descriptor.digest()), ImageIndex.class, "index " + descriptor.digest());
            for (Descriptor child : index.manifests()) {
                if (content.exists(child.digest())) {
                    writeTree(tar, child, written);
                }
            }
        } else {
            Manifest manifest = OciJson.read(content.readAll(descriptor.digest()), Manifest.class,
                    "manifest " + descriptor.digest());
            writeBlobOnce(tar, manifest.config(), written);
            for (Descriptor layer : manifest.layers()) {
                writeBlobOnce(tar, layer, written);
            }
        }
        writeBlobOnce(tar, descriptor, written);
    }

    private void writeBlobOnce(TarArchiveOutputStream tar, Descriptor descriptor, Set<Digest> written) throws IOException {
        if (written.add(descriptor.digest())) {
            writeBlob(tar, "blobs/sha256/" + descriptor.digest().hex(), descriptor.digest(), descriptor.size());
        }
    }

    private void writeBlob(TarArchiveOutputStream tar, String name, Digest digest, long size) throws IOException {
        try (InputStream in = content.open(digest)) {
            putEntry(tar, name, size);
            in.transferTo(tar);
            tar.closeArchiveEntry();
        }
    }

    /** docker save layers are uncompressed; a compressed blob is inflated to a temporary file first for its size. */
    private void writeUncompressedLayer(TarArchiveOutputStream tar, String name, Digest blob) throws IOException {
        Path temp = Files.createTempFile("berth-export-", ".tar");
        try {
            try (InputStream raw = content.open(blob); OutputStream out = Files.newOutputStream(temp)) {
                Compression.open(raw).stream().transferTo(out);
            }
            putEntry(tar, name, Files.size(temp));
            Files.copy(temp, tar);
            tar.closeArchiveEntry();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeBytes(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        putEntry(tar, name, bytes.length);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void putEntry(TarArchiveOutputStream tar, String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        entry.setMode(0644);
        entry.setModTime(EPOCH);
        tar.putArchiveEntry(entry);
    }

    private static TarArchiveOutputStream newTar(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller owns the stream
            }
        }, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }
}
