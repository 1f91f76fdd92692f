package io.berth.engine.commit;

import io.berth.engine.images.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * What {@code docker commit} is asked: which container's snapshot, on which image, and what
 * to record.
 *
 * @param snapshotKey the container's active snapshot ({@link io.berth.engine.snapshots.Snapshotter})
 * @param parentImage the image the container was created from: a name or an id
 * @param createdBy   the history's {@code created_by}: the container's command, as Docker records it
 * @param author      the history's and config's author (may be null)
 * @param comment     the history's comment, the commit message (may be null)
 * @param changes     Docker-style {@code --change} instructions ({@link ChangeParser})
 * @param tag         the name to give the new image (may be null: the image is stored but unnamed)
 * @param gzip        whether the new layer blob is gzip-compressed (Docker's default) or a plain tar
 */
public record CommitRequest(String snapshotKey, String parentImage, String createdBy, String author,
                            String comment, List<String> changes, ImageReference tag, boolean gzip) {

    public CommitRequest {
        Objects.requireNonNull(snapshotKey, "snapshotKey");
        Objects.requireNonNull(parentImage, "parentImage");
        createdBy = createdBy == null ? "" : createdBy;
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** A gzip commit without message, author, changes or tag. */
    public static CommitRequest of(String snapshotKey, String parentImage, String createdBy) {
        return new CommitRequest(snapshotKey, parentImage, createdBy, null, null, List.of(), null, true);
    }

    public CommitRequest withAuthor(String newAuthor, String newComment) {
        return new CommitRequest(snapshotKey, parentImage, createdBy, newAuthor, newComment, changes, tag, gzip);
    }

    public CommitRequest withChanges(List<String> newChanges) {
        return new CommitRequest(snapshotKey, parentImage, createdBy, author, comment, newChanges, tag, gzip);
    }

    /** Plain or gzip layer blob: a host keeps layers plain (as Docker and Podman do) and compresses on push. */
    public CommitRequest withGzip(boolean compress) {
        return new CommitRequest(snapshotKey, parentImage, createdBy, author, comment, changes, tag, compress);
    }

    public CommitRequest withTag(ImageReference newTag) {
        return new CommitRequest(snapshotKey, parentImage, createdBy, author, comment, changes, newTag, gzip);
    }
}
