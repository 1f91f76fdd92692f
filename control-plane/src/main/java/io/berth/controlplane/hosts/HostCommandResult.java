package io.berth.controlplane.hosts;

import java.util.List;

/**
 * What a host command did.
 *
 * @param version        the host stream's version afterwards
 * @param events         type names of the events appended (empty when nothing needed to change)
 * @param alreadyApplied the command id was applied before; this is that result
 */
public record HostCommandResult(String hostId, long version, List<String> events, boolean alreadyApplied) {
}
