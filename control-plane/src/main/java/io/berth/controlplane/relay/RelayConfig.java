package io.berth.controlplane.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay to Kafka, under {@code berth.relay.*}. */
@ConfigMapping(prefix = "berth.relay")
public interface RelayConfig {

    /** Whether this process relays (at most one replica does at a time, whatever this says). */
    @WithDefault("true")
    boolean enabled();

    /** Kafka topic every committed event goes to. */
    @WithDefault("berth.events")
    String topic();

    /** Partitions when the relay creates the topic. */
    @WithDefault("6")
    int partitions();

    /** Subscription name: the checkpoint and the lock replicas share. */
    @WithDefault("relay")
    String name();

    /** Events per batch: one transaction and one wait for Kafka's acknowledgements. */
    @WithDefault("500")
    int batchSize();

    /**
     * How long to wait before looking again when caught up while an event this process committed
     * is not read yet (below the xmin horizon for a moment).
     */
    @WithDefault("10ms")
    Duration pollInterval();

    /**
     * How long to wait when everything this process appended was relayed: its appends wake the
     * relay at once, so this only bounds how late it sees another replica's.
     */
    @WithDefault("50ms")
    Duration idlePollInterval();
}
