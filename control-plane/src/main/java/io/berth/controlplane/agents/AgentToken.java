package io.berth.controlplane.agents;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared agent token ({@code berth.agents.token}): when set, the channel and the uploads
 * endpoint require {@code Authorization: Bearer <token>}; unset, they are open (development).
 */
@ApplicationScoped
public class AgentToken {

    private final AgentsConfig config;

    public AgentToken(AgentsConfig config) {
        this.config = config;
    }

    /** Whether an {@code Authorization} header value lets an agent in. */
    public boolean permits(String authorization) {
        if (config.token().isEmpty() || config.token().get().isBlank()) {
            return true;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, config.token().get().getBytes(StandardCharsets.UTF_8));
    }
}
