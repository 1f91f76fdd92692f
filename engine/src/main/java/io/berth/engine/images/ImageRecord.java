package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.berth.engine.content.Digest;
import java.time.Instant;

/**
 * A name pointing at image content: {@code docker.io/library/busybox:latest} → the
 * manifest (or index) descriptor. {@code imageId} is the config digest, the id
 * {@code docker images} shows; several names may share it.
 *
 * <p>{@code name} is null for a <em>dangling</em> image, Docker's {@code <none>:<none>}:
 * one known only by its id, such as a commit without a tag or the image a name was moved
 * away from. It is kept (a garbage collection root) until removed by id.
 */
public record ImageRecord(ImageReference name, Descriptor target, Digest imageId, Instant createdAt, Instant updatedAt) {

    /** Whether no name points at this image. */
    @JsonIgnore
    public boolean isDangling() {
        return name == null;
    }
}
