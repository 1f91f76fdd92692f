package io.berth.engine.images;

import io.berth.engine.content.Digest;
import java.util.List;

/**
 * Answers "which containers use this image", so that removing an image a container needs
 * is refused. The runtime provides the real answer; {@link #NONE} is for a host without
 * containers.
 */
@FunctionalInterface
public interface ImageUsage {

    ImageUsage NONE = imageId -> List.of();

    /** Ids (or names) of containers created from the image with this id; empty when unused. */
    List<String> containersUsing(Digest imageId);
}
