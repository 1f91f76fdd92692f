package io.berth.protocol.images;

import java.time.Instant;

/**
 * One step of an image's history with the layer it made, oldest first as the image config lists
 * them: what {@code docker history} shows, carried on {@link ImageEvents.ImageImported} so the
 * log knows an image's layers without asking its host.
 *
 * @param emptyLayer  a step that changed only the config (ENV, CMD, …): no layer, no digest
 * @param layerDigest the layer blob's digest as stored on the host (null for an empty layer)
 * @param diffId      the uncompressed layer's digest (null for an empty layer)
 * @param sizeBytes   the layer blob's size as stored; 0 for an empty layer
 */
public record ImageHistoryEntry(Instant created, String createdBy, String author, String comment, boolean emptyLayer,
        String layerDigest, String diffId, long sizeBytes) {
}
