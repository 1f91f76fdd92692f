package io.berth.controlplane.system;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Describes the Kafka cluster the control plane talks to. */
@ApplicationScoped
public class KafkaClusterProbe {

    /** Cluster id and broker count. */
    public record ClusterDescription(String clusterId, int brokers) {
    }

    private final AdminClient admin;

    public KafkaClusterProbe(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        var config = new java.util.HashMap<String, Object>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        this.admin = AdminClient.create(config);
    }

    public Uni<ClusterDescription> describe() {
        return Uni.createFrom().item(() -> {
            try {
                var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000));
                return new ClusterDescription(cluster.clusterId().get(5, TimeUnit.SECONDS),
                        cluster.nodes().get(5, TimeUnit.SECONDS).size());
            } catch (Exception e) {
                throw new IllegalStateException("Kafka is unreachable: " + e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
