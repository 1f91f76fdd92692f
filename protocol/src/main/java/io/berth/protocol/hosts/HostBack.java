package io.berth.protocol.hosts;

import io.berth.protocol.EventType;

/** A lost host's agent reports again. */
@EventType(name = "host.back")
public record HostBack(String hostId) {
}
