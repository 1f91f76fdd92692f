package io.berth.protocol.images;

import io.berth.protocol.EventType;
import java.util.List;

/** The events of image, repository and upload streams. */
public final class ImageEvents {

    private ImageEvents() {
    }

    /** An uploaded archive is to be imported on {@code hostId}. */
    @EventType(name = "image.import-requested")
    public record ImageImportRequested(String uploadId, String hostId, String defaultRepository, long sizeBytes) {
    }

    @EventType(name = "image.import-failed")
    public record ImageImportFailed(String uploadId, String hostId, String reason) {
    }

    /**
     * The image is on {@code hostId}, loaded from an archive, made by a commit, or found there.
     * {@code history}: its steps and layers, oldest first (empty in events recorded before hosts
     * reported it).
     */
    @EventType(name = "image.imported")
    public record ImageImported(String imageId, String hostId, String manifestDigest, List<String> references,
            long sizeBytes, String parentImageId, List<ImageHistoryEntry> history) {
        public ImageImported {
            references = references == null ? List.of() : List.copyOf(references);
            history = history == null ? List.of() : List.copyOf(history);
        }
    }

    /** A container commit made the image on {@code hostId} on top of {@code parentImageId}. */
    @EventType(name = "image.committed")
    public record ImageCommitted(String imageId, String hostId, String manifestDigest, String reference,
            String parentImageId, String containerId, String author, String comment) {
    }

    @EventType(name = "image.tag-requested")
    public record ImageTagRequested(String imageId, String hostId, String reference) {
    }

    /** Stream {@code repository-…}: {@code reference} names {@code imageId} on {@code hostId}. */
    @EventType(name = "image.tagged")
    public record ImageTagged(String reference, String imageId, String hostId) {
    }

    /** Stream {@code repository-…}: {@code reference} no longer names {@code imageId} on {@code hostId}. */
    @EventType(name = "image.untagged")
    public record ImageUntagged(String reference, String imageId, String hostId) {
    }

    @EventType(name = "image.remove-requested")
    public record ImageRemoveRequested(String imageId, String hostId, String reference, boolean force) {
    }

    /** The image is gone from {@code hostId}. */
    @EventType(name = "image.removed")
    public record ImageRemoved(String imageId, String hostId) {
    }

    @EventType(name = "image.instruction-failed")
    public record ImageInstructionFailed(String imageId, String hostId, String instructionType, String reason) {
    }

    public static final List<Class<? extends Record>> TYPES = List.of(ImageImportRequested.class,
            ImageImportFailed.class, ImageImported.class, ImageCommitted.class, ImageTagRequested.class,
            ImageTagged.class, ImageUntagged.class, ImageRemoveRequested.class, ImageRemoved.class,
            ImageInstructionFailed.class);
}
