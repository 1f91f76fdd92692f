package io.berth.engine.agent.instructions;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of {@code berth.agent.commands} that holds a host's instructions: the one
 * Kafka's default partitioner picks for the record key (the host id) —
 * {@code toPositive(murmur2(key)) % partitions} — so the control plane needs no custom
 * partitioner, and each agent reads one partition instead of the whole topic.
 */
public final class HostPartition {

    private HostPartition() {
    }

    public static int of(String hostId, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(hostId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
