package io.berth.protocol.hosts;

import io.berth.protocol.EventType;

/** The host's agent stopped reporting; its containers are unknown until it is back. */
@EventType(name = "host.lost")
public record HostLost(String hostId, String reason) {
}
