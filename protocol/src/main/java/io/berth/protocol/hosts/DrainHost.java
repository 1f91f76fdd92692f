package io.berth.protocol.hosts;

/** Stop placing containers on a host and move its containers away. */
public record DrainHost(String hostId, String reason) {
}
