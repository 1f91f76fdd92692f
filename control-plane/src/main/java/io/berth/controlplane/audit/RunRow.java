package io.berth.controlplane.audit;

import java.time.Instant;
import java.util.List;

/**
 * One run: who created which container from which image, where. {@code position},
 * {@code streamId}, {@code streamVersion} and {@code hash} are the {@code container.created}
 * event's, to check against the log's hash chain.
 *
 * @param image            the reference the user gave
 * @param imageId          the image id it resolved to
 * @param dangerousOptions privileged, capAdd, binds, host namespaces the run asked for
 */
public record RunRow(long position, String streamId, long streamVersion, String hash, Instant recordedAt,
        String actor, String source, String containerId, String name, String image, String imageId, String hostId,
        List<String> dangerousOptions) {
}
