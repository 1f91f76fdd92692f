package io.berth.controlplane.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to every fleet command: the command's id (the agents' idempotency key and the
 * {@code Idempotency-Key} to retry with), the stream it went to, the events it appended with
 * their versions and global positions, and — when the caller waited — the outcome.
 *
 * @param alreadyApplied the command id was applied before; these are that command's events
 * @param outcome        with {@code ?wait=}: the state reached, or {@code timeout}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandReceipt(String commandId, String streamId, String id, List<EventRef> events,
        boolean alreadyApplied, String outcome, Object view) {

    /** One appended event. */
    public record EventRef(String type, long version, long position) {
    }

    public CommandReceipt withOutcome(String reached, Object newView) {
        return new CommandReceipt(commandId, streamId, id, events, alreadyApplied, reached, newView);
    }
}
