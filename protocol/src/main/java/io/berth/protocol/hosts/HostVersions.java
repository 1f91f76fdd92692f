package io.berth.protocol.hosts;

/** Software a host runs; containers may be placed by it. */
public record HostVersions(String engine, String runtime, String kernel, String os) {
}
