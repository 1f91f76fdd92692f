package io.berth.controlplane.system;

import java.util.List;
import java.util.UUID;

/** What {@code GET /api/v1/system/info} answers: like {@code docker info}, for the control plane. */
public record SystemInfo(UUID instanceId, String version, String postgresVersion, String kafkaClusterId,
        int kafkaBrokers, List<ControlPlaneInstance> instances) {
}
