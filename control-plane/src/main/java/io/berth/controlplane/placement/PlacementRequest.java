package io.berth.controlplane.placement;

import java.util.Map;
import java.util.Set;

/**
 * Where a container may go.
 *
 * @param hostId         a host the user named, or null
 * @param constraints    labels the host must carry ({@code region=eu}), all of them
 * @param imageHosts     hosts that hold the image (no pulls yet: a host without it cannot run it)
 * @param memoryBytes    the container's memory limit, 0 for none; a host must have that much free
 */
public record PlacementRequest(String hostId, Map<String, String> constraints, Set<String> imageHosts,
        long memoryBytes) {
    public PlacementRequest {
        constraints = constraints == null ? Map.of() : Map.copyOf(constraints);
        imageHosts = imageHosts == null ? Set.of() : Set.copyOf(imageHosts);
    }
}
