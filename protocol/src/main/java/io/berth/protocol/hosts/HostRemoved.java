package io.berth.protocol.hosts;

import io.berth.protocol.EventType;

/** The host left the fleet. Its stream ends here. */
@EventType(name = "host.removed")
public record HostRemoved(String hostId) {
}
