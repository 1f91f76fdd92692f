package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What an append did.
 *
 * @param firstVersion   version of the first event appended (or, for a repeated command, appended earlier)
 * @param lastVersion    the stream's version after the append: the next append's expected version
 * @param alreadyApplied the command id had been applied before; this is the earlier result
 * @param positions      the global positions of the events this append wrote, in version order,
 *                       from the INSERT itself; empty for a repeated command (look them up)
 */
public record AppendResult(String streamId, long firstVersion, long lastVersion, boolean alreadyApplied,
        @JsonIgnore List<Long> positions) {

    public AppendResult {
        positions = positions == null ? List.of() : List.copyOf(positions);
    }

    /** A result without positions (a repeated command's, or one read back). */
    public AppendResult(String streamId, long firstVersion, long lastVersion, boolean alreadyApplied) {
        this(streamId, firstVersion, lastVersion, alreadyApplied, List.of());
    }
}
