package io.berth.engine.commit;

import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageRecord;

/**
 * What a commit produced.
 *
 * @param imageId      the new config's digest: the id {@code docker images} shows
 * @param manifest     the new manifest in the content store
 * @param layer        the new layer blob
 * @param diffId       sha256 of the new layer's uncompressed tar
 * @param chainId      the chain id of the new image's top layer
 * @param parentImageId the id of the image the container came from
 * @param record       the image record: named when a tag was asked for, else dangling (no name)
 */
public record CommitResult(Digest imageId, Descriptor manifest, Descriptor layer, Digest diffId, String chainId,
                           Digest parentImageId, ImageRecord record) {
}
