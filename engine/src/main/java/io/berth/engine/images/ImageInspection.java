package io.berth.engine.images;

import io.berth.engine.content.Digest;
import java.util.List;

/**
 * What {@code docker image inspect} shows: the id (config digest), every name that points
 * at it, the manifest and config for this host's platform, and the size of its content.
 */
public record ImageInspection(
        Digest id,
        List<String> repoTags,
        List<String> repoDigests,
        Descriptor target,
        Manifest manifest,
        ImageConfig config,
        long size) {
}
