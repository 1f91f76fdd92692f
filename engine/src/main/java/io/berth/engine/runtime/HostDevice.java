package io.berth.engine.runtime;

/**
 * A device node of the host, as an OCI {@code linux.devices} entry: a privileged container gets
 * one node per host device, as Docker gives it.
 *
 * @param type {@code c} (character) or {@code b} (block)
 * @param fileMode the permission bits (e.g. {@code 0666})
 */
public record HostDevice(String path, String type, long major, long minor, int fileMode, int uid, int gid) {
}
