package io.berth.controlplane.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live event stream, under {@code berth.live.*}. */
@ConfigMapping(prefix = "berth.live")
public interface LiveConfig {

    /** How often a caught-up stream looks for new events. */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Events read per query while catching up. */
    @WithDefault("500")
    int batchSize();

    /** How often a connection that asked for transient state is sent the task progress that changed. */
    @WithDefault("250ms")
    Duration progressInterval();

    /** How often such a connection is sent the hosts' last heartbeats. */
    @WithDefault("2s")
    Duration heartbeatsInterval();
}
