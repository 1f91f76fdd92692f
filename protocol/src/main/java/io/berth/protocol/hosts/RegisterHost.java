package io.berth.protocol.hosts;

import java.util.Map;

/** Join a host to the fleet, or update its labels, capacity or versions. */
public record RegisterHost(String hostId, String name, Map<String, String> labels, HostCapacity capacity,
        HostVersions versions) {
}
