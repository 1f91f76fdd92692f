package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as committed to the log.
 *
 * @param position      global position (unique, increasing in insert order, not commit order)
 * @param txId          the writing transaction; followers order by (txId, position)
 * @param hash          hex sha256 over the canonical content and the previous event's hash in the stream
 */
public record StoredEvent(long position, long txId, UUID eventId, String streamId, long streamVersion, String type,
        int schemaVersion, JsonNode data, JsonNode metadata, Instant recordedAt, String hash) {

    public LogCursor cursor() {
        return new LogCursor(txId, position);
    }
}
