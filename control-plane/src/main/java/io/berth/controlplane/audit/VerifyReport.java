package io.berth.controlplane.audit;

import java.util.List;

/**
 * The result of walking the hash chains and the log checkpoints.
 *
 * @param ok             nothing was found that does not match
 * @param firstBadEvent  the lowest-position event whose chain does not match (null if none)
 * @param problems       every mismatch found (at most 100), events first then checkpoints
 */
public record VerifyReport(boolean ok, long eventsChecked, long streamsChecked, long checkpointsChecked,
        Problem firstBadEvent, List<Problem> problems) {

    /**
     * One mismatch: an event (position, id, stream, version) or a checkpoint (seq and the
     * range of positions it sealed).
     */
    public record Problem(String kind, Long position, String eventId, String streamId, Long streamVersion,
            Long checkpoint, String reason) {
    }
}
