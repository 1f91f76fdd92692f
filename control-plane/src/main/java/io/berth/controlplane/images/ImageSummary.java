package io.berth.controlplane.images;

import java.util.List;

/** An image across the fleet: its names and the hosts that hold it. */
public record ImageSummary(String imageId, List<String> references, List<String> hosts, long sizeBytes,
        String parentImageId) {
}
