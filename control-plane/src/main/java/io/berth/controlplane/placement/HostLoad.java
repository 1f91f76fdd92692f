package io.berth.controlplane.placement;

import java.util.Map;

/**
 * A host as placement sees it.
 *
 * @param schedulable  registered, not drained, not lost
 * @param running      containers on it that run or are about to
 * @param freeMemory   capacity minus the memory limits of those containers
 */
public record HostLoad(String hostId, Map<String, String> labels, boolean schedulable, String unschedulableReason,
        int running, long freeMemory) {
}
