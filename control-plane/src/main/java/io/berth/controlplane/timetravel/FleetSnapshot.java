package io.berth.controlplane.timetravel;

import java.time.Instant;
import java.util.List;

/**
 * The fleet as it was: folded from every event up to {@code position} (the last event included,
 * recorded at {@code at}); {@code asked} repeats the position or time the caller asked for.
 */
public record FleetSnapshot(String asked, long position, Instant at, long eventsRead, List<FleetAsOf.HostAt> hosts,
        List<FleetAsOf.ContainerAt> containers, List<FleetAsOf.ImageAt> images) {
}
