package io.berth.protocol.hosts;

import io.berth.protocol.EventType;
import java.util.Map;

/** A host joined the fleet, or re-registered with new labels, capacity or versions. */
@EventType(name = "host.registered")
public record HostRegistered(String hostId, String name, Map<String, String> labels, HostCapacity capacity,
        HostVersions versions) {
    public HostRegistered {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
