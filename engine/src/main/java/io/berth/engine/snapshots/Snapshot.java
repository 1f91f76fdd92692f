package io.berth.engine.snapshots;

import java.nio.file.Path;

/**
 * A mounted active snapshot or view.
 *
 * @param info     key, kind, parent
 * @param mount    what is mounted at {@code rootfs} (overlay, or a bind mount without layers to stack)
 * @param rootfs   where the file system is mounted: the container's root
 * @param upperDir where a container's writes land (null for a view)
 */
public record Snapshot(SnapshotInfo info, Mount mount, Path rootfs, Path upperDir) {

    public String key() {
        return info.key();
    }
}
