package io.berth.engine.images;

import io.berth.engine.content.Digest;
import java.time.Instant;

/**
 * A name pointing at image content: {@code docker.io/library/busybox:latest} → the
 * manifest (or index) descriptor. {@code imageId} is the config digest, the id
 * {@code docker images} shows; several names may share it.
 */
public record ImageRecord(ImageReference name, Descriptor target, Digest imageId, Instant createdAt, Instant updatedAt) {
}
