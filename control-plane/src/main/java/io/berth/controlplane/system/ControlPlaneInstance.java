package io.berth.controlplane.system;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One control-plane process that registered itself in the shared database. */
public record ControlPlaneInstance(UUID instanceId, String hostname, String version,
        OffsetDateTime startedAt, OffsetDateTime lastSeenAt) {
}
