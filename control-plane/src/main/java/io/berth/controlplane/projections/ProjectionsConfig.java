package io.berth.controlplane.projections;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Projection runner settings, under {@code berth.projections.*}. */
@ConfigMapping(prefix = "berth.projections")
public interface ProjectionsConfig {

    /** Whether this process runs projections (one replica runs each at a time regardless). */
    @WithDefault("true")
    boolean enabled();

    /** Events per transaction. */
    @WithDefault("1000")
    int batchSize();

    /** How long to wait before looking again when caught up. */
    @WithDefault("50ms")
    Duration pollInterval();

    /** Readiness reports DOWN when a projection is more positions than this behind the head. */
    @WithDefault("100000")
    long maxHealthyLag();
}
