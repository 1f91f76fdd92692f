package io.berth.protocol.hosts;

/** The host's agent missed its heartbeats. */
public record MarkHostLost(String hostId, String reason) {
}
