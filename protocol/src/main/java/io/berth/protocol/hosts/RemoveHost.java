package io.berth.protocol.hosts;

/** Take a drained or lost host out of the fleet for good. */
public record RemoveHost(String hostId) {
}
