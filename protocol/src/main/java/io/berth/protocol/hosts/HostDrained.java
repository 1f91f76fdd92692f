package io.berth.protocol.hosts;

import io.berth.protocol.EventType;

/** No new containers are placed on the host; the ones it runs are moved away. */
@EventType(name = "host.drained")
public record HostDrained(String hostId, String reason) {
}
