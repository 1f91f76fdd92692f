package io.berth.protocol.hosts;

/** What a host offers to containers. */
public record HostCapacity(int cpus, long memoryBytes, long diskBytes) {
}
