package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * File systems for containers, built from image layers, in the manner of containerd's
 * snapshotter.
 *
 * <h2>Words</h2>
 * <ul>
 *   <li>A <b>committed</b> snapshot is an unpacked image layer stacked on its parent: a
 *       read-only directory that never changes again. Its <b>name</b> is the layer's chain id
 *       ({@link ChainIds}), so a layer shared by many images is unpacked once.</li>
 *   <li>An <b>active</b> snapshot is a writable file system on top of a committed
 *       <b>parent</b> (or empty, with no parent): what a container runs in. Its <b>key</b>
 *       is chosen by the caller (a container id, {@code extract-…}), unique among active
 *       and view snapshots.</li>
 *   <li>A <b>view</b> is a read-only active snapshot: for looking into an image.</li>
 *   <li>The <b>parent</b> of every snapshot is a committed snapshot's name, or null.</li>
 * </ul>
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>{@link #unpack} fills a new committed snapshot from a layer, once per chain id:
 *       <pre>{@code
 * String parent = null;
 * for (Layer layer : image.layers()) {
 *     String chainId = ChainIds.next(parent, layer.diffId());
 *     if (snapshotter.stat(chainId).isEmpty()) {
 *         snapshotter.unpack(chainId, parent, dir -> extractor.extract(blob(layer), dir, ExtractOptions.overlay()));
 *     }
 *     parent = chainId;
 * }}</pre></li>
 *   <li>{@link #prepare} creates an active snapshot on the top chain id and mounts it at
 *       {@link Snapshot#rootfs()}; the runtime starts the container in that directory:
 *       <pre>{@code
 * Snapshot rootfs = snapshotter.prepare("c-4f2a", parent);   // parent = the image's top chain id
 * runtime.create(..., rootfs.rootfs());
 * List<Change> changes = snapshotter.diff("c-4f2a");        // docker diff
 * }</pre>
 *       Everything the container writes lands in {@link Snapshot#upperDir()}: new files,
 *       copies of changed ones, whiteouts for deletions. A commit of the container reads
 *       that directory while the container keeps running.</li>
 *   <li>{@link #view} is the same, read-only: {@code view("inspect-1", chainId)}.</li>
 *   <li>{@link #commit} turns an active snapshot into a committed one (a build step):
 *       {@code commit(chainIdOfTheNewLayer, "build-step-3")}; the key is gone afterwards
 *       and the directory becomes a layer others can stack on.</li>
 *   <li>{@link #remove} unmounts an active snapshot or view and deletes its directories.
 *       A committed snapshot is removed only when nothing stacks on it: no committed child
 *       and no active snapshot or view; otherwise remove refuses, naming who uses it.</li>
 * </ol>
 *
 * <p>Keys of active snapshots and views are {@code [A-Za-z0-9][A-Za-z0-9_.-]*}, at most 128
 * characters, so they can name directories. Names of committed snapshots are chain ids.
 */
public interface Snapshotter {

    /** Fills the empty directory {@code dir} with one layer's files (overlay whiteouts, not OCI ones). */
    @FunctionalInterface
    interface LayerContent {
        void writeTo(Path dir) throws IOException;
    }

    /**
     * Creates committed snapshot {@code chainId} on {@code parent} (a committed name, or null
     * for a base layer) with the files {@code content} writes. Content is written into a
     * private directory and moved into place only when complete; if the chain id already
     * exists, nothing is written and the existing snapshot is returned.
     */
    SnapshotInfo unpack(String chainId, String parent, LayerContent content) throws IOException;

    /** Creates active snapshot {@code key} on {@code parent} and mounts it read-write at its rootfs. */
    Snapshot prepare(String key, String parent) throws IOException;

    /** Creates view {@code key} on {@code parent} and mounts it read-only at its rootfs. */
    Snapshot view(String key, String parent) throws IOException;

    /**
     * The active snapshot or view {@code key}, mounted again at its rootfs if the mount was
     * lost (a host reboot); mounts survive an engine restart on their own.
     */
    Snapshot mount(String key) throws IOException;

    /** Unmounts active snapshot {@code key} and makes its files committed snapshot {@code name}. */
    SnapshotInfo commit(String name, String key) throws IOException;

    /** Removes a snapshot: see the class comment for when a committed snapshot may go. */
    void remove(String keyOrName) throws IOException;

    /** What the snapshot with this key or name is, or empty. */
    Optional<SnapshotInfo> stat(String keyOrName) throws IOException;

    /** Every snapshot, committed ones first, each group sorted by key. */
    List<SnapshotInfo> list() throws IOException;

    /** The changes of active snapshot {@code key} compared with its parent, sorted by path. */
    List<Change> diff(String key) throws IOException;

    /** The layer directories under snapshot {@code keyOrName}, nearest first (its own, for a committed one, first). */
    List<Path> layerDirs(String keyOrName) throws IOException;
}
