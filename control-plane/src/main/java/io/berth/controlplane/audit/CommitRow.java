package io.berth.controlplane.audit;

import java.time.Instant;

/**
 * One commit: who asked for it, what image it made, from which container of which image. The
 * {@code container.committed} event (position, stream, version, hash) is the host's report; the
 * actor is the one of the {@code container.commit-requested} event it answers, in the same stream
 * at {@code requestVersion} with {@code requestHash}.
 *
 * @param containerImage   the reference the container was run from
 * @param containerImageId the image id the container was run from
 */
public record CommitRow(long position, String streamId, long streamVersion, String hash, Instant recordedAt,
        String actor, String source, Long requestVersion, String requestHash, String containerId,
        String containerName, String containerImage, String containerImageId, String hostId, String imageId,
        String reference, String parentImageId, String author, String comment) {
}
