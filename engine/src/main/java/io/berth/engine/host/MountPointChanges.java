package io.berth.engine.host;

import io.berth.engine.snapshots.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Removes from a container's changes what the runtime made, not the container: the mount
 * points runc creates in the read-write layer when the image lacks them ({@code /proc},
 * {@code /dev}, {@code /etc/hosts}, ...), and their parent directories when nothing else
 * changed below them. Docker keeps these in an init layer under the container's layer, so
 * {@code docker diff} never lists them; this filter gives the same answer without one.
 */
final class MountPointChanges {

    private MountPointChanges() {
    }

    /** @param changes sorted by path, as ContainerDiff returns them */
    static List<Change> withoutRuntimeMounts(List<Change> changes, Collection<String> mountPoints) {
        Set<String> mounts = Set.copyOf(mountPoints);
        List<Change> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Change c : changes) {
            if (c.kind() == Change.Kind.ADDED && mounts.contains(c.path())) {
                dropped.add(c.path());
            } else {
                kept.add(c);
            }
        }
        if (dropped.isEmpty()) {
            return changes;
        }
        // A directory listed only because a mount point was made inside it changed nothing itself.
        return kept.stream().filter(c -> !(c.kind() != Change.Kind.DELETED
                && dropped.stream().anyMatch(d -> isBelow(d, c.path()))
                && kept.stream().noneMatch(other -> isBelow(other.path(), c.path())))).toList();
    }

    private static boolean isBelow(String path, String directory) {
        return path.startsWith(directory.equals("/") ? "/" : directory + "/") && !path.equals(directory);
    }
}
