package io.berth.engine.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.content.ContentInfo;
import io.berth.engine.content.ContentStore;
import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.ImageInspection;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageStore;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.images.OciJson;
import io.berth.engine.progress.Progress;
import io.berth.engine.progress.ProgressListener;
import io.berth.engine.snapshots.ChainIds;
import io.berth.engine.snapshots.SnapshotInfo;
import io.berth.engine.snapshots.SnapshotKind;
import io.berth.engine.snapshots.SnapshotNotFoundException;
import io.berth.engine.snapshots.Snapshotter;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker commit}: a container's changes become a new image on top of the one it was
 * created from.
 *
 * <ol>
 *   <li>The {@code --change} instructions are parsed first, so a typo writes nothing.</li>
 *   <li>The container's upper directory becomes a layer tar ({@link io.berth.engine.snapshots.LayerTarWriter}),
 *       gzip-compressed into the content store with its diff id. The container keeps running;
 *       a file it changes during the commit may or may not be in the layer, as with Docker
 *       without {@code --pause}.</li>
 *   <li>The new config is the parent's config bytes, edited as JSON (fields Berth does not
 *       model survive): {@code created} now, {@code author}, the changes applied to
 *       {@code config}, the diff id appended to {@code rootfs.diff_ids}, a history entry
 *       ({@code created}, {@code created_by}, {@code author}, {@code comment}), and
 *       {@code parent}: the parent image's id, as Docker's own images record it. The
 *       build-container fields {@code container} and {@code container_config} describe the
 *       parent's build, so they are dropped.</li>
 *   <li>A new OCI manifest lists the parent's layers plus the new one, with the standard
 *       annotations {@code org.opencontainers.image.base.digest} and {@code .base.name}
 *       naming the parent.</li>
 *   <li>The image is named {@code repository:tag} when asked, else recorded as a dangling
 *       ({@code <none>:<none>}) image known by its id.</li>
 * </ol>
 */
public final class ContainerCommitter {

    static final String BASE_DIGEST_ANNOTATION = "org.opencontainers.image.base.digest";
    static final String BASE_NAME_ANNOTATION = "org.opencontainers.image.base.name";

    private final ContentStore content;
    private final ImageStore images;
    private final Snapshotter snapshotter;
    private final Clock clock;

    public ContainerCommitter(ContentStore content, ImageStore images, Snapshotter snapshotter, Clock clock) {
        this.content = content;
        this.images = images;
        this.snapshotter = snapshotter;
        this.clock = clock;
    }

    /** Phase name of the last step, config and manifest, as {@link Progress} reports it. */
    public static final String WRITING_IMAGE = "writing image";

    public CommitResult commit(CommitRequest request) throws IOException {
        return commit(request, ProgressListener.NONE);
    }

    /** As {@link #commit(CommitRequest)}, telling {@code progress} how the layer and image are written. */
    public CommitResult commit(CommitRequest request, ProgressListener progress) throws IOException {
        List<ConfigChange> changes = ChangeParser.parseAll(request.changes());
        ImageInspection parent = images.inspect(request.parentImage());
        List<Digest> parentDiffIds = parent.config().rootfs().diffIds();
        requireSnapshotOf(request.snapshotKey(), parentDiffIds, request.parentImage());

        LayerBlobs.StoredLayer layer = LayerBlobs.store(
                snapshotter.mount(request.snapshotKey()).upperDir(), content, request.gzip(), progress);
        progress.progressed(new Progress(WRITING_IMAGE, 0, Progress.UNKNOWN, 0, 2));

        Instant now = clock.instant();
        ObjectNode config = parentConfig(parent.manifest());
        editConfig(config, parent.id(), layer.diffId(), changes, request, now);
        byte[] configBytes = OciJson.write(config);
        ContentInfo configBlob = content.ingest(configBytes);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size());

        List<Descriptor> layers = new ArrayList<>();
        for (Descriptor existing : parent.manifest().layers()) {
            layers.add(asOciLayer(existing));
        }
        layers.add(layer.descriptor());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(BASE_DIGEST_ANNOTATION, parent.target().digest().toString());
        if (!parent.repoTags().isEmpty()) {
            annotations.put(BASE_NAME_ANNOTATION, parent.repoTags().get(0));
        }
        Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, configDescriptor, layers, annotations);
        progress.progressed(new Progress(WRITING_IMAGE, configBlob.size(), Progress.UNKNOWN, 1, 2));
        ContentInfo manifestBlob = content.ingest(OciJson.write(manifest));
        Descriptor manifestDescriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size());

        // without a tag the image is kept dangling, as docker commit does; otherwise the
        // next content garbage collection would take the commit away
        ImageRecord record = request.tag() == null
                ? images.putDangling(manifestDescriptor)
                : images.put(request.tag(), manifestDescriptor);
        progress.progressed(new Progress(WRITING_IMAGE, configBlob.size() + manifestBlob.size(),
                configBlob.size() + manifestBlob.size(), 2, 2));
        List<String> diffIds = new ArrayList<>(parentDiffIds.stream().map(Digest::toString).toList());
        diffIds.add(layer.diffId().toString());
        return new CommitResult(configBlob.digest(), manifestDescriptor, layer.descriptor(), layer.diffId(),
                ChainIds.top(diffIds), parent.id(), record);
    }

    /** The container must run on this image: its snapshot's parent is the image's top chain id. */
    private void requireSnapshotOf(String key, List<Digest> diffIds, String image) throws IOException {
        SnapshotInfo info = snapshotter.stat(key)
                .orElseThrow(() -> new SnapshotNotFoundException("no container snapshot " + key + " to commit"));
        if (info.kind() != SnapshotKind.ACTIVE) {
            throw new IllegalArgumentException("snapshot " + key + " is a read-only view; only a container's "
                    + "active snapshot can be committed");
        }
        String expected = diffIds.isEmpty() ? null : ChainIds.top(diffIds.stream().map(Digest::toString).toList());
        if (expected == null ? info.parent() != null : !expected.equals(info.parent())) {
            throw new IllegalArgumentException("snapshot " + key + " does not sit on image " + image
                    + ": its parent layer is " + info.parent() + ", the image's top layer is " + expected);
        }
    }

    private ObjectNode parentConfig(Manifest manifest) throws IOException {
        Digest digest = manifest.config().digest();
        JsonNode node = OciJson.mapper().readTree(content.readAll(digest));
        if (!(node instanceof ObjectNode config)) {
            throw new ImageFormatException("image config " + digest + " is not a JSON object");
        }
        return config;
    }

    private static void editConfig(ObjectNode config, Digest parentId, Digest diffId, List<ConfigChange> changes,
                                   CommitRequest request, Instant now) {
        config.put("created", now.toString());
        if (request.author() == null || request.author().isEmpty()) {
            config.remove("author");
        } else {
            config.put("author", request.author());
        }
        config.put("parent", parentId.toString());
        config.remove("container");
        config.remove("container_config");

        JsonNode existing = config.get("config");
        ObjectNode containerConfig = existing instanceof ObjectNode object ? object : config.putObject("config");
        ConfigChanges.apply(containerConfig, changes);

        JsonNode existingRootfs = config.get("rootfs");
        ObjectNode rootfs = existingRootfs instanceof ObjectNode object ? object : config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.get("diff_ids") instanceof ArrayNode array ? array : rootfs.putArray("diff_ids");
        diffIds.add(diffId.toString());

        ArrayNode history = config.get("history") instanceof ArrayNode array ? array : config.putArray("history");
        ObjectNode entry = history.addObject();
        entry.put("created", now.toString());
        entry.put("created_by", request.createdBy());
        if (request.author() != null && !request.author().isEmpty()) {
            entry.put("author", request.author());
        }
        if (request.comment() != null && !request.comment().isEmpty()) {
            entry.put("comment", request.comment());
        }
    }

    /** Docker layer media types named as their OCI twins: the same bytes, one manifest style. */
    private static Descriptor asOciLayer(Descriptor layer) {
        String mediaType = switch (layer.mediaType() == null ? "" : layer.mediaType()) {
            case MediaTypes.DOCKER_LAYER_GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case MediaTypes.DOCKER_LAYER -> MediaTypes.OCI_LAYER;
            default -> layer.mediaType();
        };
        return new Descriptor(mediaType, layer.digest(), layer.size(), layer.urls(), layer.annotations(), null);
    }
}
