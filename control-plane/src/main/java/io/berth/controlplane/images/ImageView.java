package io.berth.controlplane.images;

import java.time.Instant;
import java.util.List;

/**
 * An image on one host, from {@code image_view}.
 *
 * @param createdBy   {@code import} or {@code commit}
 * @param containerId for a commit, the container it was made from
 */
public record ImageView(String imageId, String hostId, String manifestDigest, List<String> references, long sizeBytes,
        String parentImageId, String createdBy, String containerId, String author, String comment,
        Instant createdAt) {
}
