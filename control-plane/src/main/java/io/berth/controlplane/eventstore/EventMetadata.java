package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who caused an append and why, stored with every event of the append.
 *
 * @param actor         the user or agent that asked
 * @param source        where the request came from: ui, rest, graphql, docker-api, agent, system
 * @param clientAddress the caller's address, when known
 * @param correlationId groups everything one user action caused
 * @param causationId   the command or event that directly caused this append
 * @param commandId     a retried command with the same id returns the earlier result
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMetadata(String actor, String source, String clientAddress, String correlationId,
        String causationId, String commandId) {

    public static EventMetadata system(String actor) {
        return new EventMetadata(actor, "system", null, null, null, null);
    }

    public EventMetadata withCommandId(String id) {
        return new EventMetadata(actor, source, clientAddress, correlationId, causationId, id);
    }
}
