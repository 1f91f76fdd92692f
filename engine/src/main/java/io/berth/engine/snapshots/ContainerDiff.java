package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A container's changes, read from its overlay upper directory alone (no mount needed):
 * every entry of the upper directory is an addition or a change, decided by whether the
 * path exists in the image's merged lower layers; a whiteout is a deletion; an opaque
 * directory additionally deletes each image entry inside it that the container did not
 * recreate. A deleted directory is listed once, not with its contents (as {@code docker diff}).
 */
public final class ContainerDiff {

    private ContainerDiff() {
    }

    /**
     * @param upper the container's upper directory
     * @param image the image's layer directories, top first
     * @return the changes sorted by path
     */
    public static List<Change> of(Path upper, LowerLayers image) throws IOException {
        List<Change> changes = new ArrayList<>();
        for (UpperDirWalk.Entry entry : UpperDirWalk.walk(upper)) {
            String rel = entry.relativePath();
            if (entry.stat().isWhiteout()) {
                changes.add(new Change(Change.Kind.DELETED, "/" + rel));
                continue;
            }
            boolean inImage = image.exists(rel);
            changes.add(new Change(inImage ? Change.Kind.CHANGED : Change.Kind.ADDED, "/" + rel));
            if (entry.opaque() && inImage) {
                Set<String> recreated = entry.childNames();
                for (String hidden : image.list(rel)) {
                    if (!recreated.contains(hidden)) {
                        changes.add(new Change(Change.Kind.DELETED, "/" + rel + "/" + hidden));
                    }
                }
            }
        }
        changes.sort(Comparator.comparing(Change::path));
        return changes;
    }
}
