package io.berth.controlplane.projections;

import io.berth.controlplane.eventstore.LogCursor;
import java.time.Instant;

/**
 * Where a projection is: its checkpoint, how many positions it is behind the head of the log,
 * and the last error while it keeps failing.
 */
public record ProjectionStatus(String name, LogCursor checkpoint, long headPosition, long lag, String lastError,
        Instant lastErrorAt) {
}
