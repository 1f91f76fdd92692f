package io.berth.controlplane.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tamper evidence, under {@code berth.audit.*}. */
@ConfigMapping(prefix = "berth.audit")
public interface AuditConfig {

    /** Whether this process seals log checkpoints (one replica at a time does). */
    @WithDefault("true")
    boolean sealEnabled();

    /** Most events one log checkpoint covers. */
    @WithDefault("100000")
    int maxEventsPerCheckpoint();
}
