package io.berth.protocol.hosts;

/** A lost host's agent reports again. */
public record MarkHostBack(String hostId) {
}
