package io.berth.engine.agent.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class HostPartitionTest {

    @Test
    void isThePartitionKafkasDefaultPartitionerPicksForTheKey() {
        for (int i = 0; i < 1000; i++) {
            String hostId = "h-" + UUID.randomUUID();
            for (int partitions : new int[] {1, 3, 16, 256}) {
                assertThat(HostPartition.of(hostId, partitions)).isEqualTo(
                        BuiltInPartitioner.partitionForKey(hostId.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void spreadsHostsOverAllPartitions() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            used.add(HostPartition.of("h-" + UUID.randomUUID(), 16));
        }
        assertThat(used).hasSize(16);
    }
}
