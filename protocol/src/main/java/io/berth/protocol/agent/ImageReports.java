package io.berth.protocol.agent;

import io.berth.protocol.images.ImageHistoryEntry;
import java.util.List;

/** Reports about the images on a host. */
public final class ImageReports {

    private ImageReports() {
    }

    /**
     * An image is on the host (imported or committed), with its names, parent if known, and its
     * history steps with their layers, oldest first.
     */
    @MessageType(name = "image.stored")
    public record ImageStored(String imageId, String manifestDigest, List<String> references, long sizeBytes,
            String parentImageId, List<ImageHistoryEntry> history) implements Report {
        public ImageStored {
            references = references == null ? List.of() : List.copyOf(references);
            history = history == null ? List.of() : List.copyOf(history);
        }
    }

    @MessageType(name = "image.tagged")
    public record ImageTagged(String imageId, String reference) implements Report {
    }

    /** A name was removed; {@code deleted} when the image itself is gone from the host. */
    @MessageType(name = "image.removed")
    public record ImageRemoved(String imageId, List<String> untagged, boolean deleted) implements Report {
        public ImageRemoved {
            untagged = untagged == null ? List.of() : List.copyOf(untagged);
        }
    }
}
