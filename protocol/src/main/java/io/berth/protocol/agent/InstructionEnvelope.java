package io.berth.protocol.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One instruction on the wire.
 *
 * @param commandId     the command this instruction carries out; the agent's idempotency key
 * @param hostId        the host that must apply it (also the Kafka key)
 * @param type          the instruction's {@link MessageType} name
 * @param schemaVersion the version of {@code payload}'s shape
 * @param actor         who asked for it, for the agent's own log
 * @param payload       the instruction record as JSON
 */
public record InstructionEnvelope(UUID commandId, String hostId, String type, int schemaVersion, Instant issuedAt,
        String actor, JsonNode payload) {
}
