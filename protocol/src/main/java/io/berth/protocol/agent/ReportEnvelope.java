package io.berth.protocol.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One report on the wire.
 *
 * @param reportId   unique per report: the control plane appends each report at most once
 * @param hostId     the host that reports (also the Kafka key)
 * @param commandId  the instruction's command id this answers, or null (exits, drift, heartbeats)
 * @param type       the report's {@link MessageType} name
 * @param payload    the report record as JSON
 */
public record ReportEnvelope(UUID reportId, String hostId, UUID commandId, String type, int schemaVersion,
        Instant occurredAt, JsonNode payload) {
}
