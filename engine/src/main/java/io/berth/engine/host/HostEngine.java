package io.berth.engine.host;

import io.berth.engine.commit.CommitRequest;
import io.berth.engine.commit.CommitResult;
import io.berth.engine.commit.ContainerCommitter;
import io.berth.engine.content.Digest;
import io.berth.engine.content.GarbageCollector;
import io.berth.engine.content.LocalContentStore;
import io.berth.engine.images.ContainerConfig;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageNotFoundException;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.LocalImageStore;
import io.berth.engine.images.Manifest;
import io.berth.engine.layers.SafeLayerExtractor;
import io.berth.engine.progress.ProgressListener;
import io.berth.engine.runtime.ContainerRuntime;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.runtime.ImageDefaults;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.engine.runtime.OciSpecBuilder;
import io.berth.engine.runtime.RootfsMountPoints;
import io.berth.engine.runtime.RuncContainerRuntime;
import io.berth.engine.snapshots.OverlaySnapshotter;
import io.berth.engine.snapshots.ImageUnpacker;
import io.berth.engine.snapshots.Change;
import io.berth.engine.snapshots.Snapshot;
import io.berth.engine.snapshots.SnapshotNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One host's engine: the content store, images, overlay snapshots and the runc runtime
 * put together, so that "run this image" is one call, as the agent needs it.
 *
 * <p>A container's root filesystem is the active snapshot keyed by the container id, on
 * the image's top layer; removing the container removes the snapshot too. Everything
 * lives under one state directory, and a new engine over it finds what an earlier one left.
 */
public final class HostEngine implements AutoCloseable {

    /** How many images (top layers) keep a container snapshot ready: the ones run most recently. */
    private static final int WARM_IMAGES = 4;

    private final LocalContentStore content;
    private final LocalImageStore images;
    private final OverlaySnapshotter snapshots;
    private final ContainerRuntime runtime;
    private final ContainerOrigins origins;
    private final ImageUnpacker layers;
    private final RunnableImages runnable;

    private HostEngine(LocalContentStore content, LocalImageStore images, OverlaySnapshotter snapshots,
            ContainerRuntime runtime, ContainerOrigins origins) {
        this.content = content;
        this.images = images;
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.origins = origins;
        this.layers = new ImageUnpacker(content, new SafeLayerExtractor(), snapshots);
        this.runnable = new RunnableImages(content);
    }

    public static HostEngine open(Path stateDir) throws IOException {
        LocalContentStore content = LocalContentStore.open(stateDir.resolve("content"));
        ContainerOrigins origins = new ContainerOrigins(stateDir.resolve("origins"), stateDir.resolve("containers.json"));
        LocalImageStore images = LocalImageStore.open(stateDir.resolve("images"), content, origins);
        OverlaySnapshotter snapshots = new OverlaySnapshotter(stateDir.resolve("snapshots"));
        snapshots.keepWarm(WARM_IMAGES, RootfsMountPoints::precreate);
        ContainerRuntime runtime = RuncContainerRuntime.open(stateDir.resolve("runtime"));
        return new HostEngine(content, images, snapshots, runtime, origins);
    }

    public LocalContentStore content() {
        return content;
    }

    public LocalImageStore images() {
        return images;
    }

    public OverlaySnapshotter snapshots() {
        return snapshots;
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /**
     * Creates a container from {@code image} (a name or id): unpacks the image's layers if
     * needed, prepares the container's snapshot and creates it with the image's defaults
     * under the run's settings in {@code spec}.
     */
    public ContainerStatus create(String image, ContainerSpec.Builder spec) throws IOException {
        return createFrom(image, spec, false);
    }

    /** Creates and starts: {@code docker run -d}. The runtime overlaps the two. */
    public ContainerStatus run(String image, ContainerSpec.Builder spec) throws IOException {
        return createFrom(image, spec, true);
    }

    private ContainerStatus createFrom(String image, ContainerSpec.Builder spec, boolean start) throws IOException {
        ImageRecord record = images.resolve(image);
        RunnableImages.Runnable parsed = runnable.of(record);
        Manifest manifest = parsed.manifest();
        ImageConfig config = parsed.config();
        ContainerSpec built = spec.image(defaultsOf(config)).build();
        if (exists(built.id())) {
            throw new IllegalStateException("a container named '" + built.id() + "' already exists");
        }
        String asked = record.isDangling() ? record.imageId().toString() : record.name().toString();
        // The runtime asks for the rootfs once its monitor is starting, so both overlap.
        boolean[] prepared = new boolean[1];
        ContainerRuntime.RootfsSource rootfs = () -> {
            String top = layers.unpack(manifest, config);
            Snapshot snapshot = snapshots.prepare(built.id(), top);
            prepared[0] = true;
            origins.put(built.id(), new ContainerOrigins.Origin(asked, record.imageId().toString(),
                    record.target().digest().toString()));
            return snapshot.rootfs();
        };
        try {
            return start ? runtime.run(built, rootfs) : runtime.create(built, rootfs);
        } catch (RuntimeException | IOException e) {
            if (prepared[0] && !exists(built.id())) {
                origins.remove(built.id());
                snapshots.remove(built.id());
            }
            throw e;
        }
    }

    /** Whether the runtime holds the container (after a failed start: a created one, which keeps its snapshot). */
    private boolean exists(String containerId) {
        try {
            runtime.state(containerId);
            return true;
        } catch (NoSuchContainerException e) {
            return false;
        }
    }

    /** Removes the container, its snapshot and its origin record; {@code force} kills a running one. */
    public void remove(String containerId, boolean force) throws IOException {
        runtime.remove(containerId, force);
        snapshots.remove(containerId);
        origins.remove(containerId);
    }

    /**
     * Commits the container's changes as a new image on top of the one it was created from
     * ({@code docker commit}); the container keeps running.
     *
     * @param changes Dockerfile-style config changes ({@code CMD ["sh"]}, {@code ENV A=b}, ...)
     * @param tag     {@code repository:tag} for the new image, or null for an untagged one
     */
    public CommitResult commit(String containerId, String author, String comment, List<String> changes,
            io.berth.engine.images.ImageReference tag) throws IOException {
        return commit(containerId, author, comment, changes, tag, ProgressListener.NONE);
    }

    /** As {@link #commit(String, String, String, List, io.berth.engine.images.ImageReference)}, with progress. */
    public CommitResult commit(String containerId, String author, String comment, List<String> changes,
            io.berth.engine.images.ImageReference tag, ProgressListener progress) throws IOException {
        runtime.state(containerId);
        ContainerOrigins.Origin origin = origins.get(containerId).orElseThrow(() -> new IllegalStateException(
                "container '" + containerId + "' was not created from an image on this engine"));
        String createdBy = "berth commit " + containerId;
        CommitRequest request = CommitRequest.of(containerId, origin.imageId(), createdBy)
                .withAuthor(author, comment)
                .withChanges(changes == null ? List.of() : changes)
                .withTag(tag)
                // Local layers stay plain tars, as Docker's and Podman's stores keep them:
                // compressing belongs to push and export, and would triple the commit's time.
                .withGzip(false);
        return new ContainerCommitter(content, images, snapshots, Clock.systemUTC()).commit(request, progress);
    }

    /**
     * Deletes the blobs no image and no container needs, with the collector's default grace
     * period (blobs committed in the last minutes are kept: a pull or import in progress).
     */
    public GarbageCollector.Report collectGarbage() throws IOException {
        return collectGarbage(GarbageCollector.DEFAULT_GRACE);
    }

    /**
     * Deletes the blobs no image and no container needs. The roots are the image store's
     * (named and dangling images) plus the image of every container: a forced {@code rmi}
     * drops an image's record while a container created from it still needs its content
     * (to be committed, exported or recreated), as Docker keeps layers a container uses.
     * Blobs committed less than {@code grace} ago are kept whatever the roots say, which is
     * what protects an import or a commit that has stored blobs but not yet recorded them.
     */
    public GarbageCollector.Report collectGarbage(Duration grace) throws IOException {
        Set<Digest> roots = new LinkedHashSet<>(images.roots());
        for (Map.Entry<String, ContainerOrigins.Origin> container : origins.all().entrySet()) {
            roots.add(targetOf(container.getKey(), container.getValue()));
        }
        return new GarbageCollector(content, new ImageContent(content), grace, Clock.systemUTC()).collect(roots);
    }

    /** The content a container's image needs; origins recorded without a target are looked up by image id. */
    private Digest targetOf(String containerId, ContainerOrigins.Origin origin) throws IOException {
        if (origin.targetDigest() != null) {
            return Digest.parse(origin.targetDigest());
        }
        try {
            return images.resolve(origin.imageId()).target().digest();
        } catch (ImageNotFoundException e) {
            // without a root for this container a collection could delete what it needs
            throw new IllegalStateException("cannot collect garbage: container '" + containerId
                    + "' was created from image " + origin.imageId()
                    + ", which is no longer recorded, before image targets were kept", e);
        }
    }

    /**
     * The container's changes to its image's filesystem ({@code docker diff}), running or stopped,
     * read from its read-write layer. The mount points runc made there ({@link OciSpecBuilder#MOUNT_POINTS})
     * are left out, as Docker's init layer leaves them out of {@code docker diff}.
     *
     * @throws NoSuchContainerException when the container does not exist on this engine
     */
    public List<Change> diff(String containerId) throws IOException {
        runtime.state(containerId);
        try {
            return MountPointChanges.withoutRuntimeMounts(snapshots.diff(containerId), OciSpecBuilder.MOUNT_POINTS);
        } catch (SnapshotNotFoundException e) {
            // a container made by another tool over this runtime, or half removed: not one of ours
            throw new NoSuchContainerException(containerId);
        }
    }

    public ContainerStatus stop(String containerId, Duration timeout) {
        return runtime.stop(containerId, timeout);
    }

    static ImageDefaults defaultsOf(ImageConfig config) {
        ContainerConfig c = config.config() == null ? ContainerConfig.EMPTY : config.config();
        return new ImageDefaults(c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(), c.stopSignal());
    }

    @Override
    public void close() {
        runtime.close();
        snapshots.close();
    }
}
