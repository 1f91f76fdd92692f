package io.berth.controlplane.eventstore;

import java.util.List;

/**
 * One stream's share of an {@link EventStore#appendAll} : the events (typed records or
 * {@link NewEvent}s), the version the writer expects the stream at, and the metadata — whose
 * command id makes this share idempotent on its own.
 */
public record StreamAppend(String streamId, ExpectedVersion expected, List<?> events, EventMetadata metadata) {
}
