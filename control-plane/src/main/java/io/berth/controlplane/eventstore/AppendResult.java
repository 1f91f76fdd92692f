package io.berth.controlplane.eventstore;

/**
 * What an append did.
 *
 * @param firstVersion   version of the first event appended (or, for a repeated command, appended earlier)
 * @param lastVersion    the stream's version after the append: the next append's expected version
 * @param alreadyApplied the command id had been applied before; this is the earlier result
 */
public record AppendResult(String streamId, long firstVersion, long lastVersion, boolean alreadyApplied) {
}
