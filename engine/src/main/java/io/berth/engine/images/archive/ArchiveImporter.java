package io.berth.engine.images.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.engine.content.ContentInfo;
import io.berth.engine.content.ContentStore;
import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.ImageIndex;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageReference;
import io.berth.engine.images.ImageStore;
import io.berth.engine.images.InvalidReferenceException;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.images.OciJson;
import io.berth.engine.layers.Compression;
import io.berth.engine.progress.Progress;
import io.berth.engine.progress.ProgressListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.ObservableInputStream;

/**
 * Loads a {@code docker save} tarball or an OCI archive (what {@code skopeo copy …
 * oci-archive:} writes), plain or compressed, into the content store and records its names.
 *
 * <p>Every regular file of the archive is ingested as a blob while the tar streams by
 * (so the archive is read once and never unpacked on disk); the archive's own index then
 * says which blobs form which image. Before any name is recorded, each image's layers are
 * checked: present, and uncompressing to the config's diff ids. Blobs of a refused archive
 * stay unreferenced and go at the next garbage collection.
 */
public final class ArchiveImporter {

    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";

    /** Phase names of an import as {@link Progress} reports them. */
    public static final String RECEIVING = "receiving";
    public static final String VERIFYING_LAYERS = "verifying layers";

    private final ContentStore content;
    private final ImageStore images;
    private final ImageContent imageContent;

    public ArchiveImporter(ContentStore content, ImageStore images) {
        this.content = content;
        this.images = images;
        this.imageContent = new ImageContent(content);
    }

    /** One entry of a docker save manifest.json. */
    record DockerSaveEntry(
            @JsonProperty("Config") String config,
            @JsonProperty("RepoTags") List<String> repoTags,
            @JsonProperty("Layers") List<String> layers) {
    }

    /**
     * Imports an archive.
     *
     * @param defaultRepository used for OCI entries named only by a tag ({@code latest}); may be null
     */
    public ImportResult importArchive(InputStream archive, String defaultRepository) throws IOException {
        return importArchive(archive, defaultRepository, Progress.UNKNOWN, ProgressListener.NONE);
    }

    /**
     * Imports an archive, telling {@code listener} how many of its {@code archiveBytes} (-1 when
     * unknown) were received and stored, then how many layers of each image were verified.
     */
    public ImportResult importArchive(InputStream archive, String defaultRepository, long archiveBytes,
            ProgressListener listener) throws IOException {
        Map<String, ContentInfo> files = ingestFiles(new ReceivedBytes(archive, archiveBytes, listener));
        if (files.containsKey("oci-layout") && files.containsKey("index.json")) {
            return importOci(files, defaultRepository, listener);
        }
        if (files.containsKey("manifest.json")) {
            return importDockerSave(files, listener);
        }
        throw new ImageFormatException("archive is neither a docker save tarball (no manifest.json) nor an OCI archive"
                + " (no oci-layout and index.json)");
    }

    /** The archive as it is read, telling the listener each buffer's bytes and the blobs stored so far. */
    private static final class ReceivedBytes extends ObservableInputStream {
        private final long total;
        private final ProgressListener progress;
        private long received;
        private int blobs;

        ReceivedBytes(InputStream archive, long total, ProgressListener progress) {
            super(archive);
            this.total = total;
            this.progress = progress;
            add(new Observer() {
                @Override
                public void data(int value) {
                    counted(1);
                }

                @Override
                public void data(byte[] buffer, int offset, int length) {
                    counted(length);
                }

                @Override
                public void finished() {
                    tell();
                }
            });
        }

        private void counted(int bytes) {
            received += bytes;
            tell();
        }

        void blobStored() {
            blobs++;
            tell();
        }

        private void tell() {
            // a declared size can be wrong; never report more than all of it
            long done = total < 0 ? received : Math.min(received, total);
            progress.progressed(new Progress(RECEIVING, done, total, blobs, -1));
        }
    }

    private Map<String, ContentInfo> ingestFiles(ReceivedBytes archive) throws IOException {
        Compression.Decompressed plain = Compression.open(new BufferedInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(plain.stream(), StandardCharsets.UTF_8.name());
        Map<String, ContentInfo> files = new HashMap<>();
        Map<String, String> symlinks = new HashMap<>();
        String batch = UUID.randomUUID().toString();
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = cleanName(entry.getName());
            if (entry.isSymbolicLink()) {
                // legacy docker save: <id>/layer.tar -> ../<other id>/layer.tar
                symlinks.put(name, resolveRelative(name, entry.getLinkName()));
            } else if (entry.isLink()) {
                symlinks.put(name, cleanName(entry.getLinkName()));
            } else if (entry.isFile()) {
                files.put(name, content.ingest("import-" + batch + "-" + name, tar, entry.getSize(), null));
                archive.blobStored();
            }
        }
        for (Map.Entry<String, String> link : symlinks.entrySet()) {
            ContentInfo target = files.get(link.getValue());
            if (target != null) {
                files.put(link.getKey(), target);
            }
        }
        return files;
    }

    private static String cleanName(String name) {
        String cleaned = name;
        while (cleaned.startsWith("./")) {
            cleaned = cleaned.substring(2);
        }
        return cleaned.startsWith("/") ? cleaned.substring(1) : cleaned;
    }

    private static String resolveRelative(String from, String target) {
        if (target.startsWith("/")) {
            return cleanName(target);
        }
        List<String> parts = new ArrayList<>(List.of(from.split("/")));
        parts.remove(parts.size() - 1);
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static ContentInfo file(Map<String, ContentInfo> files, String name, String purpose) throws ImageFormatException {
        ContentInfo info = files.get(cleanName(name));
        if (info == null) {
            throw new ImageFormatException("archive lacks " + purpose + " \"" + name + "\"");
        }
        return info;
    }

    private ImportResult importDockerSave(Map<String, ContentInfo> files, ProgressListener progress)
            throws IOException {
        List<DockerSaveEntry> entries = OciJson.mapper().readValue(
                content.readAll(files.get("manifest.json").digest()), new TypeReference<List<DockerSaveEntry>>() { });
        List<ImageRecord> recorded = new ArrayList<>();
        List<Descriptor> unnamed = new ArrayList<>();
        for (DockerSaveEntry entry : entries) {
            if (entry.config() == null || entry.layers() == null) {
                throw new ImageFormatException("manifest.json entry lacks Config or Layers");
            }
            ContentInfo configBlob = file(files, entry.config(), "image config");
            ImageConfig config = OciJson.read(content.readAll(configBlob.digest()), ImageConfig.class,
                    "image config " + entry.config());
            List<Descriptor> layers = new ArrayList<>();
            for (String layerPath : entry.layers()) {
                ContentInfo layer = file(files, layerPath, "layer");
                layers.add(Descriptor.of(layerMediaType(layer.digest()), layer.digest(), layer.size()));
            }
            Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size()),
                    layers);
            String imageName = entry.repoTags() == null || entry.repoTags().isEmpty()
                    ? configBlob.digest().toString() : entry.repoTags().get(0);
            LayerDiffIds.verify(content, manifest, config, imageName, progress);
            ContentInfo manifestBlob = content.ingest(OciJson.write(manifest));
            Descriptor target = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size());
            if (entry.repoTags() == null || entry.repoTags().isEmpty()) {
                unnamed.add(target);
            } else {
                for (String tag : entry.repoTags()) {
                    recorded.add(images.put(parseName(tag), target));
                }
            }
        }
        return new ImportResult(recorded, unnamed);
    }

    private String layerMediaType(Digest blob) throws IOException {
        try (InputStream in = new BufferedInputStream(content.open(blob))) {
            return switch (Compression.detect(in)) {
                case NONE -> MediaTypes.OCI_LAYER;
                case GZIP -> MediaTypes.OCI_LAYER_GZIP;
                case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            };
        }
    }

    private ImportResult importOci(Map<String, ContentInfo> files, String defaultRepository,
            ProgressListener progress) throws IOException {
        for (Map.Entry<String, ContentInfo> file : files.entrySet()) {
            String name = file.getKey();
            if (name.startsWith("blobs/sha256/") && !name.equals("blobs/sha256/" + file.getValue().digest().hex())) {
                throw new ImageFormatException("OCI archive blob " + name + " does not match its content digest "
                        + file.getValue().digest());
            }
        }
        ImageIndex index = OciJson.read(content.readAll(files.get("index.json").digest()), ImageIndex.class, "index.json");
        Map<String, Descriptor> named = new LinkedHashMap<>();
        List<Descriptor> unnamed = new ArrayList<>();
        for (Descriptor descriptor : index.manifests()) {
            verifyTarget(descriptor, progress);
            Descriptor target = Descriptor.of(descriptor.mediaType(), descriptor.digest(), descriptor.size());
            String name = nameOf(descriptor, defaultRepository);
            if (name == null) {
                unnamed.add(target);
            } else {
                named.put(name, target);
            }
        }
        List<ImageRecord> recorded = new ArrayList<>();
        for (Map.Entry<String, Descriptor> image : named.entrySet()) {
            recorded.add(images.put(parseName(image.getKey()), image.getValue()));
        }
        return new ImportResult(recorded, unnamed);
    }

    /** Checks a top-level descriptor: its blob, and for each manifest it leads to, the config and layers. */
    private void verifyTarget(Descriptor descriptor, ProgressListener progress) throws IOException {
        ContentInfo blob = content.info(descriptor.digest()).orElseThrow(() -> new ImageFormatException(
                "OCI archive index.json names " + descriptor.digest() + ", which the archive does not contain"));
        if (blob.size() != descriptor.size()) {
            throw new ImageFormatException("blob " + descriptor.digest() + " has " + blob.size()
                    + " bytes but its descriptor says " + descriptor.size());
        }
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            ImageIndex nested = OciJson.read(content.readAll(descriptor.digest()), ImageIndex.class,
                    "index " + descriptor.digest());
            for (Descriptor child : nested.manifests()) {
                if (content.exists(child.digest())) {
                    verifyTarget(child, progress);
                }
            }
            imageContent.manifest(descriptor); // this host's platform must be there
            return;
        }
        Manifest manifest = imageContent.manifest(descriptor);
        for (Descriptor part : concat(manifest.config(), manifest.layers())) {
            ContentInfo info = content.info(part.digest()).orElseThrow(() -> new ImageFormatException(
                    "manifest " + descriptor.digest() + " references " + part.digest() + ", which the archive does not contain"));
            if (info.size() != part.size()) {
                throw new ImageFormatException("blob " + part.digest() + " has " + info.size()
                        + " bytes but manifest " + descriptor.digest() + " says " + part.size());
            }
        }
        LayerDiffIds.verify(content, manifest, imageContent.config(manifest), descriptor.digest().toString(),
                progress);
    }

    private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
        List<Descriptor> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * containerd's full-name annotation first; then the OCI ref name, which skopeo fills with
     * a full reference and the OCI spec with just a tag (then joined to {@code defaultRepository}).
     */
    private static String nameOf(Descriptor descriptor, String defaultRepository) {
        Map<String, String> annotations = descriptor.annotations() == null ? Map.of() : descriptor.annotations();
        String full = annotations.get(CONTAINERD_NAME);
        if (full != null) {
            return full;
        }
        String refName = annotations.get(OCI_REF_NAME);
        if (refName == null) {
            return null;
        }
        if (refName.contains("/") || refName.contains(":") || refName.contains("@")) {
            return refName;
        }
        return defaultRepository == null ? null : defaultRepository + ":" + refName;
    }

    private static ImageReference parseName(String name) throws ImageFormatException {
        try {
            return ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
            throw new ImageFormatException("archive names an image badly: " + e.getMessage(), e);
        }
    }
}
